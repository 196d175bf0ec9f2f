import { defineScenario } from '../../src/runtime/index.ts';
import { blinkGapCheck, electionChecks, mirrorActors, relayAccountedCheck } from '../../src/actors/mirror/index.ts';

export default defineScenario({
  name: 'mirror/restart-higher',
  description: 'The leader (highest UUID) crashes at 6 s and restarts from scratch at 14 s: the next highest leads meanwhile, then the returning bulb takes over within 3 s',
  durationMs: 22_000,
  actors: ({ seed }) => mirrorActors(seed),
  network: { delayMsMin: 1, delayMsMax: 10 },
  faults: [{ atMs: 6_000, action: 'crash', targets: { fact: 'role', equals: 'leader' }, restartAfterMs: 8_000 }],
  checks: [
    // 6 s covers detection after the crash; the restart (a disturbance too) settles far sooner, see the liveness below.
    ...electionChecks({ startupBoundMs: 1000, electionBoundMs: 6000 }),
    blinkGapCheck({ gapMsMax: 2000 }),
    relayAccountedCheck({ graceMs: 2000 }),
  ],
});
