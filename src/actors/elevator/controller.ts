/**
 * The elevator controller (SYSTEMS.md §5): one per elevator, `elevator-N`. Two parallel
 * regions once its disk has answered:
 *
 * - `network`: every `heartbeatMs`, a tick of the primary/backup logic (worldView.ts) and a
 *   heartbeat to every peer;
 * - `motion`: the car. `init` connects to the car and waits for a floor, `findFloor` drives
 *   down until one is reached, then `idle` / `moving` / `doorOpen` run the single-elevator
 *   algorithm (requests.ts) over its cab calls and the hall calls assigned to it.
 *
 * Rules it keeps: the door opens only where it serves a call, stays open `doorOpenMs` and
 * never closes while the obstruction is active; the door light is switched off before the
 * motor starts; moving `motorTimeoutMs` without a floor event marks the elevator
 * unavailable (its hall calls go to others), as does a door held open `doorBlockedMs`.
 * Calls are written to the disk actor; a cab light goes on only once the disk has the
 * press, so a lit cab call survives a crash, a restart or a power loss. Hall lights follow
 * the acknowledgement rule of worldView.ts.
 *
 * Why a disk actor rather than `persist()` and a snapshot restart: a restored snapshot
 * resumes the machine mid-state (say `moving` up) with stale beliefs about the car and its
 * role, and XState runs no entry action on restore, so the machine could not even tell it
 * was restarted. A restart from scratch that reloads only the calls is what a real
 * controller does, and is honest about what survives.
 */
import { cancel, enqueueActions, raise, setup } from 'xstate';
import type { TroupeEmitted } from '../../runtime/effects.ts';
import { sendEvent } from '../../runtime/effects.ts';
import { BUTTON_TYPES } from '../../devices/elevator/protocol.ts';
import type { Calls } from './calls.ts';
import { chooseDirection, clearsAtFloor, clearsWhileOpen, shouldStop } from './requests.ts';
import { receiveHeartbeat } from './worldView.ts';
import {
  doorTo, heartbeatTick, initialContext, loaded, motorTo, press, reachFloor, requestsOf, run, serve, settle, stored,
  broadcast, type ControllerContext, type ControllerInput, type Step,
} from './controllerLogic.ts';
import type { CarReport, Heartbeat } from './messages.ts';

type From = { from: string };
export type ControllerEvent =
  | (CarReport & From)
  | (Heartbeat & From)
  | ({ type: 'STORED'; seq: number } & From)
  | ({ type: 'LOADED'; calls: Calls | null } & From)
  | { type: 'MOTOR_TIMEOUT' };

type Body = (s: Step, event: ControllerEvent) => void;

/**
 * An action running a step, then settling (lights, disk, view, facts). Typed loosely: a
 * standalone XState action cannot name the machine's own event union before `setup`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function act(body: Body): any {
  return enqueueActions(({ context, event, enqueue }: { context: ControllerContext; event: ControllerEvent; enqueue: any }) => {
    const s = run(context, (step) => {
      body(step, event);
      settle(step);
    });
    enqueue.assign(s.ctx);
    for (const effect of s.out) enqueue.emit(effect);
  });
}

const floorOf = (event: ControllerEvent): number => (event as { floor: number }).floor;

/** Arriving at a floor while moving: stop here, and if so, what is served. */
function arrival(context: ControllerContext, event: ControllerEvent) {
  const floor = floorOf(event);
  const requests = requestsOf(context);
  if (!shouldStop(requests, floor, context.direction)) return { stop: false, buttons: [], direction: context.direction };
  return { stop: true, ...clearsAtFloor(requests, floor, context.direction) };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const armWatchdog: any[] = [
  cancel('motorWatchdog'),
  raise({ type: 'MOTOR_TIMEOUT' }, { id: 'motorWatchdog', delay: ({ context }: { context: ControllerContext }) => context.timing.motorTimeoutMs }),
];

/**
 * The controller machine. Input: ControllerInput.
 *
 * @example
 * { id: 'elevator-1', machine: elevatorController, input: { id: 'elevator-1', ids, floors: 4, car: 'car-1', disk: 'disks' } }
 */
export const elevatorController = setup({
  types: {
    context: {} as ControllerContext,
    events: {} as ControllerEvent,
    input: {} as ControllerInput,
    emitted: {} as TroupeEmitted,
  },
  delays: {
    heartbeat: ({ context }) => context.timing.heartbeatMs,
    doorOpen: ({ context }) => context.timing.doorOpenMs,
    initFloor: ({ context }) => context.timing.initFloorMs,
    loadRetry: ({ context }) => context.timing.peerTimeoutMs,
  },
  guards: {
    obstructed: ({ context }) => context.obstruction,
    workHere: ({ context }) => context.floor >= 0 && chooseDirection(requestsOf(context), context.floor, 'stop').behaviour === 'doorOpen',
    workElsewhere: ({ context }) => context.floor >= 0 && chooseDirection(requestsOf(context), context.floor, 'stop').behaviour === 'moving',
    stopAndServe: ({ context, event }) => { const a = arrival(context, event); return a.stop && a.buttons.length > 0; },
    stopHere: ({ context, event }) => arrival(context, event).stop,
    clearableWhileOpen: ({ context }) => clearsWhileOpen(requestsOf(context), context.floor, context.direction).buttons.length > 0,
    otherCallHere: ({ context }) => {
      const next = chooseDirection(requestsOf(context), context.floor, context.direction);
      return next.behaviour === 'doorOpen' && clearsAtFloor(requestsOf(context), context.floor, next.direction).buttons.length > 0;
    },
    moreToDo: ({ context }) => chooseDirection(requestsOf(context), context.floor, context.direction).behaviour === 'moving',
  },
}).createMachine({
  id: 'elevator',
  context: ({ input }) => initialContext(input),
  initial: 'loading',
  states: {
    loading: {
      entry: act((s) => s.out.push(sendEvent(s.ctx.disk, { type: 'LOAD' }))),
      after: { loadRetry: { target: 'loading', reenter: true } },
      on: { LOADED: { target: 'running', actions: act((s, e) => loaded(s, (e as { calls: Calls | null }).calls)) } },
    },
    running: {
      type: 'parallel',
      on: {
        HEARTBEAT: { actions: act((s, e) => { s.ctx = { ...s.ctx, net: receiveHeartbeat(s.ctx.net, (e as From).from, e as Heartbeat) }; }) },
        STORED: { actions: act((s, e) => stored(s, (e as { seq: number }).seq)) },
        BUTTON: { actions: act((s, e) => { const b = e as Extract<CarReport, { type: 'BUTTON' }>; press(s, b.button, b.floor); broadcast(s); }) },
        OBSTRUCTION: { actions: act((s, e) => { s.ctx = { ...s.ctx, obstruction: (e as { active: boolean }).active }; }) },
        FLOOR_REACHED: { actions: act((s, e) => reachFloor(s, floorOf(e))) },
        MOTOR_TIMEOUT: { actions: act((s) => { s.ctx = { ...s.ctx, motorStopped: true }; }) },
      },
      states: {
        network: {
          initial: 'beating',
          states: {
            beating: {
              after: {
                heartbeat: {
                  target: 'beating',
                  reenter: true,
                  actions: enqueueActions(({ context, enqueue }) => {
                    const s = run(context, heartbeatTick);
                    enqueue.assign(s.ctx);
                    for (const effect of s.out) enqueue.emit(effect);
                  }),
                },
              },
            },
          },
        },
        motion: {
          initial: 'init',
          states: {
            init: {
              entry: act((s) => {
                // Whatever the car did before (a crash mid-trip), start from known outputs.
                s.out.push(sendEvent(s.ctx.car, { type: 'CONNECT' }), sendEvent(s.ctx.car, { type: 'MOTOR', direction: 'stop' }), sendEvent(s.ctx.car, { type: 'DOOR_LIGHT', on: false }));
                for (let floor = 0; floor < s.ctx.net.floors; floor++) {
                  for (const button of BUTTON_TYPES) s.out.push(sendEvent(s.ctx.car, { type: 'LIGHT', button, floor, on: false }));
                }
                s.ctx = { ...s.ctx, behaviour: 'init', motor: 'stop', doorLight: false, lit: { hall: s.ctx.lit.hall.map(() => [false, false]), cab: s.ctx.lit.cab.map(() => false) } };
              }),
              after: { initFloor: 'findFloor' },
              on: { FLOOR_REACHED: { target: 'idle', actions: act((s, e) => reachFloor(s, floorOf(e))) } },
            },
            findFloor: {
              entry: [act((s) => motorTo(s, 'down')), ...armWatchdog],
              exit: armWatchdog[0],
              on: {
                FLOOR_REACHED: { target: 'idle', actions: act((s, e) => { motorTo(s, 'stop'); reachFloor(s, floorOf(e)); }) },
                FLOOR_LEFT: { actions: armWatchdog },
              },
            },
            idle: {
              entry: act((s) => { s.ctx = { ...s.ctx, behaviour: 'idle', direction: 'stop' }; }),
              always: [
                {
                  guard: 'workHere',
                  target: 'doorOpen',
                  actions: act((s) => {
                    const clears = clearsAtFloor(requestsOf(s.ctx), s.ctx.floor, 'stop');
                    serve(s, clears.buttons);
                    s.ctx = { ...s.ctx, direction: clears.direction };
                  }),
                },
                {
                  guard: 'workElsewhere',
                  target: 'moving',
                  actions: act((s) => { s.ctx = { ...s.ctx, direction: chooseDirection(requestsOf(s.ctx), s.ctx.floor, 'stop').direction }; }),
                },
              ],
            },
            moving: {
              entry: [act((s) => { s.ctx = { ...s.ctx, behaviour: 'moving' }; motorTo(s, s.ctx.direction === 'up' ? 'up' : 'down'); }), ...armWatchdog],
              exit: armWatchdog[0],
              on: {
                FLOOR_REACHED: [
                  {
                    guard: 'stopAndServe',
                    target: 'doorOpen',
                    actions: act((s, e) => {
                      const a = arrival(s.ctx, e);
                      motorTo(s, 'stop');
                      reachFloor(s, floorOf(e));
                      serve(s, a.buttons);
                      s.ctx = { ...s.ctx, direction: a.direction };
                    }),
                  },
                  { guard: 'stopHere', target: 'idle', actions: act((s, e) => { motorTo(s, 'stop'); reachFloor(s, floorOf(e)); }) },
                  { actions: [act((s, e) => reachFloor(s, floorOf(e))), ...armWatchdog] },
                ],
                FLOOR_LEFT: { actions: [act((s) => { s.ctx = { ...s.ctx, motorStopped: false }; }), ...armWatchdog] },
              },
            },
            doorOpen: {
              entry: act((s) => { s.ctx = { ...s.ctx, behaviour: 'doorOpen' }; doorTo(s, true); }),
              always: {
                guard: 'clearableWhileOpen',
                target: 'doorOpen',
                reenter: true,
                actions: act((s) => {
                  const clears = clearsWhileOpen(requestsOf(s.ctx), s.ctx.floor, s.ctx.direction);
                  serve(s, clears.buttons);
                  s.ctx = { ...s.ctx, direction: clears.direction };
                }),
              },
              after: {
                doorOpen: [
                  { guard: 'obstructed', target: 'doorOpen', reenter: true, actions: act((s) => { s.ctx = { ...s.ctx, doorHeldMs: s.ctx.doorHeldMs + s.ctx.timing.doorOpenMs }; }) },
                  {
                    // Turning at a floor with both calls: the other one gets its own door period.
                    guard: 'otherCallHere',
                    target: 'doorOpen',
                    reenter: true,
                    actions: act((s) => {
                      const next = chooseDirection(requestsOf(s.ctx), s.ctx.floor, s.ctx.direction);
                      const clears = clearsAtFloor(requestsOf(s.ctx), s.ctx.floor, next.direction);
                      serve(s, clears.buttons);
                      s.ctx = { ...s.ctx, direction: clears.direction, doorHeldMs: 0 };
                    }),
                  },
                  {
                    guard: 'moreToDo',
                    target: 'moving',
                    actions: act((s) => {
                      doorTo(s, false);
                      s.ctx = { ...s.ctx, doorHeldMs: 0, direction: chooseDirection(requestsOf(s.ctx), s.ctx.floor, s.ctx.direction).direction };
                    }),
                  },
                  { target: 'idle', actions: act((s) => { doorTo(s, false); s.ctx = { ...s.ctx, doorHeldMs: 0 }; }) },
                ],
              },
            },
          },
        },
      },
    },
  },
});
