import { defineScenario } from '../../src/runtime/index.ts';
import { blinkGapCheck, electionChecks, mirrorActors, relayAccountedCheck } from '../../src/actors/mirror/index.ts';

export default defineScenario({
  name: 'mirror/startup',
  description: '12 bulbs, the Pi and 2 strips start together: the highest UUID leads within 1 s and every bulb blinks',
  durationMs: 12_000,
  actors: ({ seed }) => mirrorActors(seed),
  network: { delayMsMin: 1, delayMsMax: 10 },
  checks: [
    ...electionChecks({ startupBoundMs: 1000, electionBoundMs: 1000 }),
    blinkGapCheck({ gapMsMax: 2000 }),
    relayAccountedCheck({ graceMs: 2000 }),
  ],
});
