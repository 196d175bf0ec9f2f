/** A seeded synthetic Raspberry Pi Sense HAT (temperature, humidity, pressure, orientation). */
export { SyntheticSenseHat } from './syntheticSenseHat.ts';
export type { SenseHatReading, SyntheticSenseHatOptions } from './syntheticSenseHat.ts';
