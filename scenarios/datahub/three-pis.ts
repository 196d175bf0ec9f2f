import { defineScenario } from '../../src/runtime/index.ts';
import { datahubChecks } from '../../src/actors/datahub/index.ts';
import { hubActors, piActors, readerActor } from './system.ts';

const pis = ['pi-1', 'pi-2', 'pi-3'];

export default defineScenario({
  name: 'datahub/three-pis',
  description: 'Three Pis stream EEG, video and logs to the hub for 10 s, 2% of frames lost on the way; a reader per EEG stream and one video reader',
  durationMs: 10_000,
  actors: [
    ...hubActors(9),
    ...pis.flatMap((pi) => piActors(pi, ['eeg', 'video', 'log'])),
    ...pis.map((pi, i) => readerActor(`eeg-reader-${i + 1}`, `${pi}.eeg`)),
    readerActor('video-reader', 'pi-2.video', 'latest'),
  ],
  network: {
    delayMsMin: 1,
    delayMsMax: 8,
    ordered: true,
    links: pis.flatMap((pi) => ['eeg', 'video', 'log'].map((kind) => ({ from: `${pi}.${kind}`, to: '*', lossProbability: 0.02 }))),
  },
  checks: datahubChecks,
});
