import { defineScenario } from '../../src/runtime/index.ts';
import { blinkGapCheck, bpmSpreadCheck, electionChecks, mirrorActors, relayAccountedCheck } from '../../src/actors/mirror/index.ts';

export default defineScenario({
  name: 'mirror/gossip-loss',
  description: '20% of messages lost from 3 s; the heart rate goes 72 -> 96 at 10 s and 96 -> 60 at 20 s: every bulb has each new BPM within 8 gossip rounds of the first',
  durationMs: 30_000,
  actors: ({ seed }) => mirrorActors(seed, { bpmSchedule: [{ fromMs: 0, bpm: 72 }, { fromMs: 10_000, bpm: 96 }, { fromMs: 20_000, bpm: 60 }] }),
  network: { delayMsMin: 1, delayMsMax: 10 },
  faults: [{ atMs: 3_000, action: 'loss', probability: 0.2 }],
  checks: [
    bpmSpreadCheck({ roundsMax: 8, roundMs: 500, firstWithinMs: 12_000 }),
    blinkGapCheck({ gapMsMax: 2000 }),
    relayAccountedCheck({ graceMs: 2000 }),
    // Loss makes a bulb suspect a live one now and then; the election it starts may pass
    // through a stale claimant, which must be put right within 3 s. Only the one-leader
    // check: under constant 20% loss, followers can stay leaderless (an OK came, the
    // COORDINATOR was lost, the retry cascades) for more than 3 s; the other scenarios
    // check that every bulb follows the highest UUID.
    electionChecks({ startupBoundMs: 1000, electionBoundMs: 6000, toleranceMs: 3000 })[0]!,
  ],
});
