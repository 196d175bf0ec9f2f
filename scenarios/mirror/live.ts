import { defineScenario } from '../../src/runtime/index.ts';
import { blinkGapCheck, electionChecks, relayAccountedCheck } from '../../src/actors/mirror/index.ts';
import { defaultLiveMirrorParams, liveMirrorActors, stripsAnsweredCheck } from './liveStrips.ts';

// Simulated strips by default; real ones (device actors) with
// `--pacing realtime --param strips=ssh` and the strips' addresses (scenarios/mirror/liveStrips.ts).
export default defineScenario({
  name: 'mirror/live',
  description: 'the mirror with its strips simulated, or real mPower strips over SSH (--param strips=ssh, realtime): every outlet follows the heartbeat',
  durationMs: 8000,
  params: { ...defaultLiveMirrorParams },
  actors: ({ seed, params }) => liveMirrorActors(seed, params),
  network: { delayMsMin: 1, delayMsMax: 10 },
  checks: [
    ...electionChecks({ startupBoundMs: 1000, electionBoundMs: 1000 }),
    blinkGapCheck({ gapMsMax: 2000 }),
    relayAccountedCheck({ graceMs: 2000 }),
    stripsAnsweredCheck({ withinMs: 1000 }),
  ],
});
