/**
 * The elevators' disks (`disks`): one store per elevator, kept by one actor that does not
 * crash (a disk outlives its computer's power loss). An elevator writes its calls with
 * `STORE { seq, calls }` and gets `STORED { seq }` back once they are durable; at start it
 * asks `LOAD` and gets `LOADED { calls }` (null when it never wrote). Each store holds one
 * value per elevator, so the actor's memory is bounded by the number of elevators.
 */
import { enqueueActions, setup } from 'xstate';
import { sendEvent, type TroupeEmitted } from '../../runtime/effects.ts';
import type { Calls } from './calls.ts';
import type { DiskRequest } from './messages.ts';

interface DisksContext {
  stores: Record<string, Calls>;
}

/**
 * The disks machine.
 *
 * @example
 * { id: 'disks', machine: elevatorDisks }
 */
export const elevatorDisks = setup({
  types: { context: {} as DisksContext, events: {} as DiskRequest & { from: string }, emitted: {} as TroupeEmitted },
}).createMachine({
  id: 'disks',
  context: { stores: {} },
  on: {
    STORE: {
      actions: enqueueActions(({ context, event, enqueue }) => {
        if (event.type !== 'STORE') return;
        enqueue.assign({ stores: { ...context.stores, [event.from]: event.calls } });
        enqueue.emit(sendEvent(event.from, { type: 'STORED', seq: event.seq }));
      }),
    },
    LOAD: {
      actions: enqueueActions(({ context, event, enqueue }) => {
        enqueue.emit(sendEvent(event.from, { type: 'LOADED', calls: context.stores[event.from] ?? null }));
      }),
    },
  },
});
