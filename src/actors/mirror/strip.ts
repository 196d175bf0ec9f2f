/**
 * The power-strip device actor for `sim` pacing: one mFi mPower strip, holding the
 * deterministic strip model (src/devices/mpower/stripModel.ts). A bulb sends
 * `strip.RELAY { outlet, on, seq }`; the strip runs the very shell line the SSH driver
 * would send (`echo 1 > /proc/power/relayN`) on its model, reads the relay back, reports
 * the fact `relay { strip, outlet, on }` and answers `strip.ACK { outlet, on, seq }`.
 * Once per meter sample (1 s of virtual time) it integrates energy and reports
 * `strip.power { strip, watts }`.
 *
 * The model is a class with its own clock, so it is not kept in the context (contexts
 * must be plain data: they are digested, persisted and inspected across threads). The
 * context keeps the relays, the energy and the meter time; each step rebuilds a model from
 * them, runs, and writes them back. The rebuild is cheap (six outlets) and deterministic.
 *
 * Against real strips, a device actor (src/devices/mpower/stripDevice.ts) takes its place,
 * answering the same messages and reporting the same facts.
 */
import { enqueueActions, setup } from 'xstate';
import { factEvent, sendEvent, type TroupeEmitted } from '../../runtime/effects.ts';
import { StripModel, meterSampleMs } from '../../devices/mpower/stripModel.ts';

export interface StripInput {
  seed: number;
  /** The strip's actor id, as facts name it (machines do not see their runtime id). */
  name: string;
  /** Outlets on the strip. Default 6 (mPower PRO EU). */
  outlets?: number;
}

export interface StripContext {
  name: string;
  seed: number;
  outlets: number;
  relays: (0 | 1)[];
  energyWh: number[];
  /** Virtual time of the meter, advanced one sample per meter tick. */
  meterMs: number;
  commands: number;
}

export type StripEvent =
  | { type: 'strip.RELAY'; outlet: number; on: boolean; seq: number; from: string }
  | { type: 'strip.READ'; from: string };

/** A model at the context's meter time with the context's relays. */
function rebuild(context: StripContext): StripModel {
  const model = new StripModel({ outlets: context.outlets, seed: context.seed, startMs: context.meterMs });
  context.relays.forEach((relay, i) => model.setRelay(i + 1, relay === 1));
  return model;
}

function relaysOf(model: StripModel): (0 | 1)[] {
  return Array.from({ length: model.outlets }, (_, i) => (model.relay(i + 1) ? 1 : 0));
}

/**
 * The strip machine.
 *
 * @example
 * { id: 'strip-1', machine: stripMachine, input: { name: 'strip-1', outlets: 6 } }
 */
export const stripMachine = setup({
  types: { context: {} as StripContext, events: {} as StripEvent, input: {} as StripInput, emitted: {} as TroupeEmitted },
  delays: { meterSample: meterSampleMs },
  actions: {
    relay: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'strip.RELAY') return;
      const model = rebuild(context);
      const result = Number.isInteger(event.outlet) && event.outlet >= 1 && event.outlet <= context.outlets
        ? model.runShellCommand(`echo ${event.on ? 1 : 0} > /proc/power/relay${event.outlet}`)
        : { exitCode: 1, stdout: '', stderr: 'no such outlet' };
      if (result.exitCode !== 0) {
        enqueue.emit(factEvent('strip.error', { strip: context.name, outlet: event.outlet, message: result.stderr.trim() }));
        return;
      }
      const on = model.relay(event.outlet);
      enqueue.assign({ relays: relaysOf(model), commands: context.commands + 1 });
      enqueue.emit(factEvent('relay', { strip: context.name, outlet: event.outlet, on }));
      enqueue.emit(sendEvent(event.from, { type: 'strip.ACK', outlet: event.outlet, on, seq: event.seq }));
    }),
    read: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'strip.READ') return;
      const model = rebuild(context);
      const readings = Array.from({ length: context.outlets }, (_, i) => {
        const r = model.readings(i + 1);
        return { outlet: r.outlet, relay: r.relay === 1, activePwr: r.activePwr, energyWh: context.energyWh[i]! };
      });
      enqueue.emit(sendEvent(event.from, { type: 'strip.READINGS', readings }));
    }),
    meter: enqueueActions(({ context, enqueue }) => {
      const model = rebuild(context);
      const toMs = context.meterMs + meterSampleMs;
      model.advance(toMs);
      let watts = 0;
      const energyWh = context.energyWh.map((wh, i) => {
        const r = model.readings(i + 1);
        watts += r.activePwr;
        return wh + r.energySum;
      });
      enqueue.assign({ meterMs: toMs, energyWh });
      enqueue.emit(factEvent('strip.power', { strip: context.name, watts: Math.round(watts * 1000) / 1000 }));
    }),
  },
}).createMachine({
  id: 'strip',
  context: ({ input }) => {
    const outlets = input.outlets ?? 6;
    return { name: input.name, seed: input.seed, outlets, relays: new Array(outlets).fill(0), energyWh: new Array(outlets).fill(0), meterMs: 0, commands: 0 };
  },
  initial: 'serving',
  states: {
    serving: {
      after: { meterSample: { target: 'serving', reenter: true, actions: 'meter' } },
      on: { 'strip.RELAY': { actions: 'relay' }, 'strip.READ': { actions: 'read' } },
    },
  },
});

