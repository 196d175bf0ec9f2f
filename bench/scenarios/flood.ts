/**
 * A producer that sends `burst` messages to a consumer every millisecond: demand far
 * above what any supervisor routes, to measure routing capacity in realtime pacing.
 */
import { enqueueActions, raise, setup } from 'xstate';
import { defineScenario, sendEvent, type TroupeEmitted } from '../../src/runtime/index.ts';

const producer = setup({
  types: { input: {} as { burst: number; seed: number }, context: {} as { burst: number; sent: number }, emitted: {} as TroupeEmitted },
  actions: {
    schedule: raise({ type: 'TICK' }, { delay: 1, id: 'tick' }),
    burst: enqueueActions(({ context, enqueue }) => {
      for (let i = 0; i < context.burst; i++) enqueue.emit(sendEvent('consumer', { type: 'DATA', n: context.sent + i }));
      enqueue.assign({ sent: context.sent + context.burst });
    }),
  },
}).createMachine({
  context: ({ input }) => ({ burst: input.burst, sent: 0 }),
  entry: 'schedule',
  on: { TICK: { actions: ['burst', 'schedule'] } },
});

const consumer = setup({ types: { context: {} as { received: number } } }).createMachine({
  context: { received: 0 },
  on: { DATA: { actions: enqueueActions(({ context, enqueue }) => enqueue.assign({ received: context.received + 1 })) } },
});

export default defineScenario({
  name: 'bench/flood',
  description: 'Benchmark: one producer floods one consumer',
  durationMs: 2_000,
  params: { burst: 500 },
  actors: ({ params }) => [
    { id: 'producer', machine: producer, input: { burst: params.burst } },
    { id: 'consumer', machine: consumer },
  ],
  network: { delayMsMin: 1, delayMsMax: 1 },
});
