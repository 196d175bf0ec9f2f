/**
 * A home router: the uplink several Pis share. Streamers configured with `via` wrap every
 * message to the hub in RELAY; the router sends it on. The runtime limits each *sender's*
 * uplink (`network.uplinkBytesPerMs`), so the router's own uplink is the shared one: what
 * one Pi sends delays every other Pi's frames behind it, as at home.
 *
 * (A per-group shared uplink in the network model would make this actor unnecessary; see
 * docs/datahub.md.)
 */
import { enqueueActions, setup } from 'xstate';
import { sendEvent, type TroupeEmitted } from '../../runtime/effects.ts';
import type { RelayEvent } from './protocol.ts';

export const router = setup({
  types: {
    context: {} as { relayed: number },
    events: {} as RelayEvent & { from?: string },
    input: {} as { seed: number },
    emitted: {} as TroupeEmitted,
  },
}).createMachine({
  id: 'uplink-router',
  context: { relayed: 0 },
  on: {
    RELAY: {
      actions: enqueueActions(({ context, event, enqueue }) => {
        enqueue.emit(sendEvent(event.to, event.event));
        enqueue.assign({ relayed: context.relayed + 1 });
      }),
    },
  },
});
