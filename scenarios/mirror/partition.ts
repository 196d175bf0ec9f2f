import { defineScenario } from '../../src/runtime/index.ts';
import { electionChecks, mirrorActors, blinkGapCheck } from '../../src/actors/mirror/index.ts';

const left = ['bulb-1', 'bulb-2', 'bulb-3', 'bulb-4', 'bulb-5', 'bulb-6', 'strip-1'];
const right = ['bulb-7', 'bulb-8', 'bulb-9', 'bulb-10', 'bulb-11', 'bulb-12', 'strip-2', 'mirror-pi'];

export default defineScenario({
  name: 'mirror/partition',
  description: 'The bulbs split 6/6 (each half with its strip) from 6 s to 16 s: one leader per half within 6 s, then one overall within 6 s of the heal',
  durationMs: 26_000,
  actors: ({ seed }) => mirrorActors(seed),
  network: { delayMsMin: 1, delayMsMax: 10 },
  faults: [
    { atMs: 6_000, action: 'partition', groups: [left, right] },
    { atMs: 16_000, action: 'heal' },
  ],
  checks: [
    ...electionChecks({ startupBoundMs: 1000, electionBoundMs: 6000 }),
    blinkGapCheck({ gapMsMax: 2000 }),
  ],
});
