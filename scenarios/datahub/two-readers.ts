import { defineScenario } from '../../src/runtime/index.ts';
import { datahubChecks, everyReaderGetsEverySample } from '../../src/actors/datahub/index.ts';
import { hubActors, piActors, readerActor } from './system.ts';

export default defineScenario({
  name: 'datahub/two-readers',
  description: 'Two browser tabs read the same EEG stream at 25 frames/s: each gets every sample (the notebook split them)',
  durationMs: 6_000,
  actors: [
    ...hubActors(1),
    ...piActors('pi-1', ['eeg'], { fps: 25 }),
    readerActor('tab-1', 'pi-1.eeg', 'every', { framesMax: 4 }),
    readerActor('tab-2', 'pi-1.eeg', 'every', { framesMax: 8 }),
  ],
  network: { delayMsMin: 1, delayMsMax: 15, ordered: true },
  checks: [...datahubChecks, everyReaderGetsEverySample(['tab-1', 'tab-2'])],
});
