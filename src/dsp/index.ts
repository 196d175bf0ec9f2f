/**
 * Signal processing for the sensor data hub and the mirror: SOS IIR filters with carried
 * state, Butterworth band-pass/band-stop design, FFT spectra, EEG band powers and
 * spectrograms. Typed arrays in and out; no clock, no randomness.
 */
export { SosFilter, sosFilter, sosFrequencyResponse, validateSos, SOS_ROW_LENGTH, SOS_SECTIONS_MAX, SOS_CHANNELS_MAX } from './sosFilter.ts';
export type { Sos } from './sosFilter.ts';
export { butterworthBandPass, butterworthBandStop, cascadeSos, BUTTERWORTH_ORDER_MAX } from './butterworth.ts';
export { SpectrumAnalyzer, powerSpectrum, peakFrequencyHz, makeWindow, isFftSize, FFT_SIZE_MIN, FFT_SIZE_MAX } from './spectrum.ts';
export type { WindowKind } from './spectrum.ts';
export { bandPowers, relativeBandPowers, EEG_BANDS, WELCH_SEGMENTS_MAX } from './bandPowers.ts';
export type { BandPowers, BandPowerOptions, EegBandName } from './bandPowers.ts';
export { StreamingSpectrogram, spectrogram, SPECTROGRAM_COLUMNS_MAX } from './spectrogram.ts';
export type { SpectrogramOptions, SpectrogramColumn } from './spectrogram.ts';
