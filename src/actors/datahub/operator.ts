/**
 * A person at the browser, as an actor: sends a fixed schedule of messages (start, stop,
 * shut down…) at given times. Scenarios use it to click buttons deterministically; a live
 * hub feeds the same messages through `supervisor.submit` instead.
 */
import { enqueueActions, setup } from 'xstate';
import { factEvent, sendEvent, type TroupeEmitted } from '../../runtime/effects.ts';

/** Steps one operator may hold at most (a schedule longer than this is a scenario error). */
export const OPERATOR_STEPS_MAX = 1_000;

export interface OperatorStep {
  atMs: number;
  to: string;
  event: { type: string; [key: string]: unknown };
}

export interface OperatorInput {
  seed: number;
  /** Sorted by time. */
  steps: OperatorStep[];
}

export const operator = setup({
  types: {
    context: {} as { steps: OperatorStep[]; next: number; elapsedMs: number },
    events: {} as { type: string },
    input: {} as OperatorInput,
    emitted: {} as TroupeEmitted,
  },
  delays: {
    untilNext: ({ context }) => Math.max(0, context.steps[context.next]!.atMs - context.elapsedMs),
  },
  guards: {
    more: ({ context }) => context.next < context.steps.length,
  },
  actions: {
    act: enqueueActions(({ context, enqueue }) => {
      const step = context.steps[context.next]!;
      enqueue.emit(sendEvent(step.to, step.event));
      enqueue.emit(factEvent('datahub.operator', { to: step.to, type: step.event.type, command: step.event.command }));
      enqueue.assign({ next: context.next + 1, elapsedMs: step.atMs });
    }),
  },
}).createMachine({
  id: 'operator',
  context: ({ input }) => {
    if (input.steps.length > OPERATOR_STEPS_MAX) throw new Error(`operator schedule has ${input.steps.length} steps; at most ${OPERATOR_STEPS_MAX}`);
    return { steps: [...input.steps].sort((a, b) => a.atMs - b.atMs), next: 0, elapsedMs: 0 };
  },
  initial: 'deciding',
  states: {
    deciding: { always: [{ guard: 'more', target: 'waiting' }, { target: 'done' }] },
    waiting: { after: { untilNext: { target: 'deciding', actions: 'act' } } },
    done: {},
  },
});
