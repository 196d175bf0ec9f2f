import { defineScenario } from '../../src/runtime/index.ts';
import { blinkGapCheck, electionChecks, mirrorActors, relayAccountedCheck, stripOutageChecks } from '../../src/actors/mirror/index.ts';

export default defineScenario({
  name: 'mirror/strip-unreachable',
  description: 'strip-1 is cut off from 8 s to the end: its six bulbs report every failed command; strip-2 keeps switching',
  durationMs: 16_000,
  actors: ({ seed }) => mirrorActors(seed),
  network: { delayMsMin: 1, delayMsMax: 10 },
  faults: [{ atMs: 8_000, action: 'partition', groups: [['strip-1']] }],
  checks: [
    ...stripOutageChecks({ down: 'strip-1', working: 'strip-2', fromMs: 8_000, withinMs: 3000, gapMsMax: 1500 }),
    relayAccountedCheck({ graceMs: 2000 }),
    blinkGapCheck({ gapMsMax: 2000 }),
    ...electionChecks({ startupBoundMs: 1000, electionBoundMs: 6000 }),
  ],
});
