import { defineScenario } from '../../src/runtime/index.ts';
import { blinkGapCheck, electionChecks, mirrorActors, relayAccountedCheck } from '../../src/actors/mirror/index.ts';

// Detection takes the suspect timeout (2.5-4 s) plus one heartbeat (1 s); the election
// then needs an OK timeout (0.3 s) and a COORDINATOR round: 6 s covers the worst case.
export default defineScenario({
  name: 'mirror/leader-crash',
  description: 'The leader bulb crashes at 8 s: a new leader (the next highest UUID) within 6 s; the other bulbs never stop blinking for more than 2 s',
  durationMs: 20_000,
  actors: ({ seed }) => mirrorActors(seed),
  network: { delayMsMin: 1, delayMsMax: 10 },
  faults: [{ atMs: 8_000, action: 'crash', targets: { fact: 'role', equals: 'leader' } }],
  checks: [
    ...electionChecks({ startupBoundMs: 1000, electionBoundMs: 6000 }),
    blinkGapCheck({ gapMsMax: 2000 }),
    relayAccountedCheck({ graceMs: 2000 }),
  ],
});
