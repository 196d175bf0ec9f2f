import { defineScenario } from '../../src/runtime/index.ts';
import { datahubChecks, logUpToLastPeriod } from '../../src/actors/datahub/index.ts';
import { hubActors, piActors, readerActor } from './system.ts';

const logPeriodMs = 1_000;
const logLineMs = 100;

export default defineScenario({
  name: 'datahub/pi-crash',
  description: 'pi-2 loses power at 6.35 s and boots again 3 s later: its log is at the hub up to its last period before the crash',
  durationMs: 12_000,
  actors: [
    ...hubActors(4),
    ...['pi-1', 'pi-2'].flatMap((pi) => piActors(pi, ['eeg', 'log'], { logPeriodMs, logLineMs })),
    readerActor('log-reader', 'pi-2.log'),
  ],
  network: { delayMsMin: 1, delayMsMax: 10, ordered: true },
  faults: [{ atMs: 6_350, action: 'crash', targets: ['pi-2.eeg', 'pi-2.log'], restartAfterMs: 3_000 }],
  checks: [...datahubChecks, logUpToLastPeriod('pi-2.log', logPeriodMs, logLineMs)],
});
