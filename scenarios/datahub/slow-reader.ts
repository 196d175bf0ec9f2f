import { defineScenario } from '../../src/runtime/index.ts';
import { datahubChecks, everyReaderGetsEverySample, latencyBounded, toldWhatItMissed } from '../../src/actors/datahub/index.ts';
import { hubActors, piActors, readerActor } from './system.ts';

/** 25 frames/s, a 32-frame ring: the slow reader (60 ms per frame) falls out of it. */
const ringCapacity = 32;
const framePeriodMs = 40;

export default defineScenario({
  name: 'datahub/slow-reader',
  description: 'A slow reader (60 ms per 40 ms frame) beside a fast one: the slow one skips ahead and is told how much it missed; both stay within bounded latency',
  durationMs: 8_000,
  actors: [
    ...hubActors(1, { ringCapacity }),
    ...piActors('pi-1', ['eeg'], { fps: 25 }),
    readerActor('fast', 'pi-1.eeg'),
    readerActor('slow', 'pi-1.eeg', 'every', { processMsPerFrame: 60, framesMax: 16 }),
  ],
  network: { delayMsMin: 1, delayMsMax: 10, ordered: true },
  checks: [
    ...datahubChecks,
    everyReaderGetsEverySample(['fast']),
    toldWhatItMissed('slow'),
    latencyBounded('fast', 3 * 10 + 5),
    // At worst a whole ring behind plus one batch's processing.
    latencyBounded('slow', ringCapacity * framePeriodMs + 16 * 60 + 30),
  ],
});
