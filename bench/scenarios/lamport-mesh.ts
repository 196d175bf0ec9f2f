/**
 * A wider Lamport system for measuring parallel stepping: `vms` VMs ticking every
 * `tickMs`, with a network whose least delay (the lookahead) spans several ticks, so each
 * window gives every worker several events to run.
 */
import { defineScenario } from '../../src/runtime/index.ts';
import { lamportVm, lamportChecks } from '../../src/actors/lamport/index.ts';

export default defineScenario({
  name: 'bench/lamport-mesh',
  description: 'Benchmark: N Lamport VMs in a ring of peers with a wide lookahead',
  durationMs: 10_000,
  params: { vms: 8, ticksPerSecond: 200, delayMsMin: 20 },
  actors: ({ params }) => {
    const ids = Array.from({ length: params.vms as number }, (_, i) => `vm-${i + 1}`);
    return ids.map((id, i) => ({
      id,
      machine: lamportVm,
      input: { peers: [ids[(i + 1) % ids.length]!, ids[(i + 2) % ids.length]!], ticksPerSecond: params.ticksPerSecond, internalEventMax: 6 },
    }));
  },
  network: { delayMsMin: 20, delayMsMax: 40 },
  checks: lamportChecks,
});
