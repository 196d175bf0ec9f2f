/**
 * mFi mPower power strips: a deterministic simulated strip for `sim` pacing, an SSH
 * emulator serving it, and the SSH driver (one strip, or a fleet in parallel).
 */
export { mpowerModels, resolveMpowerModel, type MpowerModelId, type MpowerModelInfo } from './boardModels.ts';
export { StripModel, defaultBulbLoad, meterSampleMs, type OutletLoad, type OutletReadings, type StripModelOptions } from './stripModel.ts';
export type { MiniShell, ShellResult } from './shell.ts';
export { startMpowerEmulator, runMpowerEmulatorCommand, type MpowerEmulator, type MpowerEmulatorOptions } from './emulator.ts';
export { MpowerDriver, type MpowerDriverOptions } from './driver.ts';
export { MpowerFleet, type FleetOutcome, type RelayCommand } from './fleet.ts';
export { parseBulkReadings, bulkReadCommand, type MpowerBoard, type MpowerOutletReading } from './readings.ts';
export { hostKeyFingerprint, legacyDropbearAlgorithms, sshAlgorithms } from './sshSecurity.ts';
export { mpowerStripDevice, type MpowerStripDeviceOptions, type StripReadingMessage, type StripFailedMessage } from './stripDevice.ts';
