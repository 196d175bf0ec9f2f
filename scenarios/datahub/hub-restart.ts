import { defineScenario } from '../../src/runtime/index.ts';
import { backAfterHubRestart, datahubChecks } from '../../src/actors/datahub/index.ts';
import { HUB, handlerIds, hubActors, piActors, readerActor } from './system.ts';

const pis = ['pi-1', 'pi-2', 'pi-3'];
const sources = pis.flatMap((pi) => [`${pi}.eeg`, `${pi}.video`]);
const searchPeriodMs = 2_000;
/** One connect: HELLO to the front, ACCEPT to a handler, WELCOME back, then the next frame (100 ms period) and its delivery. */
const connectMsMax = 4 * 10 + 100;

export default defineScenario({
  name: 'datahub/hub-restart',
  description: 'The hub (front and handlers) crashes at 3 s and restarts at 7 s; every Pi searches, finds it again and streams within the search period plus one connect',
  durationMs: 12_000,
  actors: [
    ...hubActors(6),
    ...pis.flatMap((pi) => piActors(pi, ['eeg', 'video'], { searchPeriodMs, hubSilenceMs: 1_500 })),
    readerActor('eeg-reader', 'pi-1.eeg'),
  ],
  network: { delayMsMin: 1, delayMsMax: 10, ordered: true },
  faults: [{ atMs: 3_000, action: 'crash', targets: [HUB, ...handlerIds(6)], restartAfterMs: 4_000 }],
  checks: [...datahubChecks, backAfterHubRestart(HUB, sources, searchPeriodMs + connectMsMax)],
});
