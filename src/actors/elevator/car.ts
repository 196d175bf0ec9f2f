/**
 * The simulated car of `sim` pacing (`car-N`): the deterministic CarModel behind a
 * machine that behaves like the hardware plus a real driver's poller. Every `pollMs`
 * (20 ms, like a real driver) it advances the model in virtual time, reads every button,
 * the floor sensor and the obstruction switch, and sends its controller what changed
 * (poller.ts's diff, so the events are the ones a real ElevatorDriver emits). Commands
 * from the controller (motor, lights, door light, floor indicator) are hardware writes.
 *
 * The physical world acts on it too: passengers press buttons (`PRESS`, held 200 ms), and
 * scenarios switch the obstruction, jam the motor or cut the power (`SET_…`). Without
 * power the motor stops, every light goes dark and writes are ignored; the car keeps its
 * position, as a real one would.
 *
 * The CarModel instance lives in the context and is changed in place: it is this actor's
 * hardware, owned by no one else. The car is never persisted; it does not crash in the
 * scenarios (a controller does). Facts: `motor` and `doorLight`, for the door check.
 */
import { enqueueActions, setup } from 'xstate';
import { CarModel, type CarModelOptions } from '../../devices/elevator/carModel.ts';
import { diffReadings, existingButtons, initialReadings, type ElevatorReadings } from '../../devices/elevator/poller.ts';
import { factEvent, sendEvent, type TroupeEmitted } from '../../runtime/effects.ts';
import type { CarCommand, CarInput, CarReport } from './messages.ts';

/** Input of a simulated car. */
export interface CarInputOptions {
  seed: number;
  /** Its controller, to which readings go. */
  controller: string;
  floors: number;
  /** Poll period. Default 20 ms. */
  pollMs?: number;
  car?: Omit<CarModelOptions, 'floors'>;
}

interface CarContext {
  model: CarModel;
  controller: string;
  pollMs: number;
  nowMs: number;
  readings: ElevatorReadings;
  powered: boolean;
}

type CarEvent = (CarCommand | CarInput) & { from?: string };

function read(model: CarModel): ElevatorReadings {
  const readings = initialReadings(model.floors);
  for (const [floor, button] of existingButtons(model.floors)) readings.buttons[floor]![button] = model.isPressed(button, floor);
  const state = model.state();
  return { ...readings, floor: state.floorSensor, obstruction: state.obstruction, stop: state.stopPressed };
}

function toReport(event: ReturnType<typeof diffReadings>[number]): CarReport {
  switch (event.type) {
    case 'floorReached': return { type: 'FLOOR_REACHED', floor: event.floor };
    case 'floorLeft': return { type: 'FLOOR_LEFT', floor: event.floor };
    case 'obstruction': return { type: 'OBSTRUCTION', active: event.active };
    case 'stop': return { type: 'STOP_BUTTON', pressed: event.pressed };
    case 'buttonPressed': return { type: 'BUTTON', button: event.button, floor: event.floor };
  }
}

/**
 * The simulated car machine. Input: CarInputOptions.
 *
 * @example
 * { id: 'car-1', machine: simulatedCar, input: { controller: 'elevator-1', floors: 4 } }
 */
export const simulatedCar = setup({
  types: { context: {} as CarContext, events: {} as CarEvent, input: {} as CarInputOptions, emitted: {} as TroupeEmitted },
  delays: { poll: ({ context }) => context.pollMs },
  guards: {
    settled: ({ context }) => {
      const model = context.model;
      const state = model.state();
      if (state.motorDirection !== 'stop' && !state.motorStopped) return false;
      if (existingButtons(model.floors).some(([floor, button]) => model.isPressed(button, floor))) return false;
      return JSON.stringify(read(model)) === JSON.stringify(context.readings);
    },
  },
  actions: {
    poll: enqueueActions(({ context, enqueue }) => {
      const nowMs = context.nowMs + context.pollMs;
      context.model.advance(nowMs);
      const readings = read(context.model);
      for (const event of diffReadings(context.readings, readings)) enqueue.emit(sendEvent(context.controller, toReport(event)));
      enqueue.assign({ nowMs, readings });
    }),
    command: enqueueActions(({ context, event, enqueue }) => {
      const model = context.model;
      const before = model.state();
      switch (event.type) {
        case 'PRESS': if (context.powered) model.press(event.button, event.floor); return;
        case 'SET_OBSTRUCTION': model.setObstruction(event.active); return;
        case 'SET_MOTOR_STOPPED': model.setMotorStopped(event.stopped); return;
        case 'SET_POWER':
          if (!event.on) {
            model.handle({ type: 'motorDirection', direction: 'stop' });
            model.handle({ type: 'doorLight', on: false });
            for (const [floor, button] of existingButtons(model.floors)) model.handle({ type: 'buttonLight', button, floor, on: false });
          }
          enqueue.assign({ powered: event.on });
          break;
        case 'CONNECT': enqueue.assign({ readings: initialReadings(model.floors) }); return;
        default:
          if (!context.powered) return;
          if (event.type === 'MOTOR') model.handle({ type: 'motorDirection', direction: event.direction });
          if (event.type === 'LIGHT' && model.buttonExists(event.button, event.floor)) model.handle({ type: 'buttonLight', button: event.button, floor: event.floor, on: event.on });
          if (event.type === 'DOOR_LIGHT') model.handle({ type: 'doorLight', on: event.on });
          if (event.type === 'FLOOR_INDICATOR') model.handle({ type: 'floorIndicator', floor: event.floor });
      }
      const after = model.state();
      if (after.motorDirection !== before.motorDirection) enqueue.emit(factEvent('motor', after.motorDirection));
      if (after.doorLight !== before.doorLight) enqueue.emit(factEvent('doorLight', after.doorLight));
    }),
  },
}).createMachine({
  id: 'car',
  context: ({ input }) => {
    const model = new CarModel({ ...input.car, floors: input.floors });
    return { model, controller: input.controller, pollMs: input.pollMs ?? 20, nowMs: 0, readings: initialReadings(model.floors), powered: true };
  },
  initial: 'polling',
  states: {
    polling: {
      after: {
        poll: [
          { guard: 'settled', target: 'resting', actions: 'poll' },
          { target: 'polling', reenter: true, actions: 'poll' },
        ],
      },
      on: { '*': { actions: 'command' } },
    },
    // Motor off, no button held, nothing unreported: no reading can change until something
    // happens to the car, so it stops polling (this saves most of a run's steps) and any
    // event wakes it. Its model clock then lags virtual time by the rest, which changes
    // nothing, since a resting car's state does not depend on time.
    resting: {
      on: { '*': { target: 'polling', actions: 'command' } },
    },
  },
});
