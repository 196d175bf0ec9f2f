/**
 * Passengers and the physical world (`passengers`): random button presses drawn from the
 * seed, plus a script of timed events (scripted presses, an obstruction held, a motor that
 * jams, a power cut), each sent to a car as what a person or the hardware does.
 *
 * Random presses: one every `pressIntervalMsMin..pressIntervalMsMax` (uniform), until
 * `pressUntilMs`, on a random car's panel (every panel has the hall buttons); the button is
 * a cab button with probability `cabShare`, else a hall button that exists on that floor.
 * The actor keeps its own virtual time (the sum of its timers), so it needs no clock.
 */
import { enqueueActions, setup } from 'xstate';
import { createRng, randomFloat, randomInt, type Rng } from '../../runtime/rng.ts';
import { sendEvent, type TroupeEmitted } from '../../runtime/effects.ts';
import type { ButtonType } from '../../devices/elevator/protocol.ts';
import type { CarInput } from './messages.ts';

/** One timed event of a script. */
export interface ScriptStep {
  atMs: number;
  to: string;
  event: CarInput;
}

export interface WorkloadInput {
  seed: number;
  cars: string[];
  floors: number;
  /** Random presses stop at this time (0: none), so the run can end with every call served. */
  pressUntilMs: number;
  pressIntervalMsMin?: number;
  pressIntervalMsMax?: number;
  cabShare?: number;
  script?: ScriptStep[];
}

interface WorkloadContext {
  rng: Rng;
  cars: string[];
  floors: number;
  pressUntilMs: number;
  intervalMin: number;
  intervalMax: number;
  cabShare: number;
  script: ScriptStep[];
  nowMs: number;
  nextPressMs: number;
}

function nextWakeMs(context: WorkloadContext): number {
  const press = context.nextPressMs < context.pressUntilMs ? context.nextPressMs : Infinity;
  return Math.min(press, context.script[0]?.atMs ?? Infinity);
}

function randomPress(rng: Rng, context: WorkloadContext): [ScriptStep, Rng] {
  let car, floor, u;
  [car, rng] = randomInt(rng, 0, context.cars.length - 1);
  [floor, rng] = randomInt(rng, 0, context.floors - 1);
  [u, rng] = randomFloat(rng);
  let button: ButtonType = 'cab';
  if (u >= context.cabShare) {
    if (floor === 0) button = 'hallUp';
    else if (floor === context.floors - 1) button = 'hallDown';
    else button = u < context.cabShare + (1 - context.cabShare) / 2 ? 'hallUp' : 'hallDown';
  }
  return [{ atMs: context.nextPressMs, to: context.cars[car]!, event: { type: 'PRESS', button, floor } }, rng];
}

/**
 * The passengers machine. Input: WorkloadInput.
 *
 * @example
 * { id: 'passengers', machine: passengers, input: { cars: ['car-1', 'car-2'], floors: 4, pressUntilMs: 30_000 } }
 */
export const passengers = setup({
  types: { context: {} as WorkloadContext, input: {} as WorkloadInput, emitted: {} as TroupeEmitted },
  // Never Infinity: with nothing left, `always` leaves for `done` and cancels the timer at once.
  delays: { wake: ({ context }) => (nextWakeMs(context) === Infinity ? 0 : Math.max(0, nextWakeMs(context) - context.nowMs)) },
  actions: {
    wake: enqueueActions(({ context, enqueue }) => {
      const nowMs = nextWakeMs(context);
      let { rng, nextPressMs } = context;
      const script = [...context.script];
      while (script.length > 0 && script[0]!.atMs <= nowMs) {
        const step = script.shift()!;
        enqueue.emit(sendEvent(step.to, step.event));
      }
      if (nextPressMs <= nowMs && nextPressMs < context.pressUntilMs) {
        let step, gap;
        [step, rng] = randomPress(rng, context);
        enqueue.emit(sendEvent(step.to, step.event));
        [gap, rng] = randomInt(rng, context.intervalMin, context.intervalMax);
        nextPressMs = nowMs + gap;
      }
      enqueue.assign({ nowMs, rng, nextPressMs, script });
    }),
  },
}).createMachine({
  id: 'passengers',
  context: ({ input }) => {
    let rng = createRng(input.seed);
    const intervalMin = input.pressIntervalMsMin ?? 2000;
    const intervalMax = input.pressIntervalMsMax ?? 6000;
    let first;
    [first, rng] = randomInt(rng, 0, intervalMax);
    return {
      rng, cars: input.cars, floors: input.floors, pressUntilMs: input.pressUntilMs, intervalMin, intervalMax,
      cabShare: input.cabShare ?? 0.4,
      script: [...(input.script ?? [])].sort((a, b) => a.atMs - b.atMs),
      nowMs: 0,
      nextPressMs: first + 500,
    };
  },
  initial: 'waiting',
  states: {
    waiting: {
      always: { guard: ({ context }) => nextWakeMs(context) === Infinity, target: 'done' },
      after: { wake: { target: 'waiting', reenter: true, actions: 'wake' } },
    },
    done: {},
  },
});
