/** The three-VM Lamport system, shared by the lamport scenarios. */
import type { ActorSpec } from '../../src/runtime/index.ts';
import { lamportVm } from '../../src/actors/lamport/index.ts';

/** Three fully connected VMs, `vm-1`..`vm-3`. */
export function threeVms(params: { internalEventMax: number }): ActorSpec[] {
  const ids = ['vm-1', 'vm-2', 'vm-3'];
  return ids.map((id) => ({
    id,
    machine: lamportVm,
    input: { peers: ids.filter((peer) => peer !== id), internalEventMax: params.internalEventMax },
  }));
}
