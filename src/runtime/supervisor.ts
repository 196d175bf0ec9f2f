/**
 * The supervisor: the network, the clock and the stage manager. It owns every actor,
 * runs the event loop in windows, routes every message through the network model,
 * applies faults and inputs, and records the trace.
 *
 * One window: take every actor event in [t0, t0 + lookahead) (lookahead = the network's
 * least delay, so nothing sent inside the window can arrive inside it), hand each actor
 * its events at once (workers run in parallel), then merge the step results in canonical
 * order (see scheduler.ts). Supervisor events (faults, inputs, restarts) close a window
 * and run alone, before actor events at the same time.
 */
import type { ActorId, CrashReason, HostEvent, MessageEvent, SendRequest, StepResult, WindowResult } from './messages.ts';
import { EventQueue, compareEntries, type EntryKey, type QueueEntry } from './scheduler.ts';
import { NetworkModel, type NetworkOptions } from './network.ts';
import { SeededRandom } from './rng.ts';
import { TraceRecorder, TRACE_FORMAT_VERSION, type ExternalInput, type TraceRecord } from './trace.ts';
import { resolveFault, validateFault, type FactView, type FaultAction, type ResolvedFault, type RestartFrom } from './faults.ts';
import { ActorSlot, type ActorPayload } from './actorSlot.ts';
import { collectItems, dispatchWindow, type MergeItem, type WindowGroup } from './window.ts';
import {
  defaultRestartPolicy,
  scenarioActors,
  scenarioFaults,
  type ActorSpec,
  type Scenario,
  type ScenarioContext,
} from './scenario.ts';
import { InlineHost } from './host/inlineHost.ts';
import { WorkerHost, type WorkerHostOptions } from './host/workerHost.ts';
import type { ActorHost } from './host/host.ts';
import { DeviceHost, type DeviceInput } from './host/deviceHost.ts';
import { Pacer, sleep, wallNowMs, type PacingMode } from './pacing.ts';

/** The longest stretch the run loop keeps the thread before letting other work in. */
const yieldEveryMs = 25;
import { TroupeError, assert } from './errors.ts';

export type HostKind = 'worker' | 'inline';

type SupervisorPayload =
  | { kind: 'fault'; fault: FaultAction }
  | { kind: 'restart'; actor: number; mode: RestartFrom };

/**
 * An input to feed during a replay: at virtual time `t`, just before the queued event
 * whose canonical key is `before` (null: once nothing is queued). Keys are the same in
 * every run of the same scenario and seed, however the run was split into windows.
 */
export interface ScheduledInput {
  before: EntryKey | null;
  t: number;
  input: ExternalInput;
}

export interface SupervisorOptions {
  scenario: Scenario;
  seed: number;
  params: Record<string, unknown>;
  durationMs: number;
  host: HostKind;
  pacing: PacingMode;
  speed: number;
  network: NetworkOptions;
  /** Inputs recorded by an earlier run, for replay. */
  inputs: ScheduledInput[];
  /** True when re-running a recorded trace: device actors stay inert. */
  replay: boolean;
  /** Replay of a run that was stopped early: stop before the event with this key (null: once nothing is queued). */
  stopBefore?: EntryKey | null;
  recordsMax: number;
  queueEntriesMax: number;
  worker: WorkerHostOptions;
}

export const defaultSupervisorLimits = { recordsMax: 2_000_000, queueEntriesMax: 1_000_000 };

/**
 * Runs one scenario.
 *
 * @example
 * const supervisor = await Supervisor.create({ ...resolvedOptions });
 * const { records } = await supervisor.run();
 */
export class Supervisor {
  readonly trace: TraceRecorder;
  private readonly slots: ActorSlot[] = [];
  private readonly byId = new Map<ActorId, ActorSlot>();
  private readonly actorQueue: EventQueue<ActorPayload>;
  private readonly supervisorQueue: EventQueue<SupervisorPayload>;
  private readonly network: NetworkModel;
  private readonly spawnRandom: SeededRandom;
  private readonly pacer: Pacer;
  private readonly pendingInputs: ExternalInput[] = [];
  private readonly replayInputs: ScheduledInput[];
  private readonly context: ScenarioContext<Record<string, unknown>>;
  private stepCount = 0;
  private msgCount = 0;
  private nowMs = 0;
  private stopped = false;
  private userPaused = false;
  private stepsRequested = 0;
  private finished = false;

  private constructor(readonly options: SupervisorOptions) {
    const root = new SeededRandom(options.seed);
    this.network = new NetworkModel(options.network, new SeededRandom(root.childSeed()));
    this.spawnRandom = new SeededRandom(root.childSeed());
    this.context = { seed: options.seed, params: options.params };
    this.actorQueue = new EventQueue(options.queueEntriesMax);
    this.supervisorQueue = new EventQueue(options.queueEntriesMax);
    this.pacer = new Pacer(options.pacing, options.speed);
    this.replayInputs = [...options.inputs];
    this.trace = new TraceRecorder(
      {
        kind: 'header',
        troupe: TRACE_FORMAT_VERSION,
        scenario: options.scenario.name,
        ...(options.scenario.modulePath === undefined ? {} : { scenarioPath: options.scenario.modulePath }),
        seed: options.seed,
        durationMs: options.durationMs,
        network: options.network,
        params: options.params,
        host: options.host,
        pacing: options.pacing,
      },
      options.recordsMax,
    );
    const actorSeeds = new SeededRandom(root.childSeed());
    for (const spec of scenarioActors(options.scenario, this.context)) this.addSlot(spec, actorSeeds.childSeed());
    const devices = this.slots.filter((slot) => slot.spec.device !== undefined).map((slot) => slot.id);
    if (devices.length > 0 && options.pacing === 'sim' && !options.replay) {
      throw new TroupeError('OPTION_INVALID', `scenario '${options.scenario.name}' has device actors (${devices.join(', ')}), which answer on the wall clock; run it with --pacing realtime`);
    }
    scenarioFaults(options.scenario, this.context).forEach((fault, index) => {
      this.supervisorQueue.push({ t: fault.atMs, actor: -1, step: 0, index, payload: { kind: 'fault', fault }, cancelled: false });
    });
    for (const slot of this.slots) this.queueStart(slot, 0, 'initial', 0, 0);
  }

  /** Creates a supervisor and loads every actor's host (workers start in parallel). */
  static async create(options: SupervisorOptions): Promise<Supervisor> {
    const supervisor = new Supervisor(options);
    try {
      await Promise.all(supervisor.slots.map((slot) => supervisor.ensureHost(slot)));
    } catch (error) {
      await supervisor.close();
      throw error;
    }
    return supervisor;
  }

  /** Actor ids in declaration (then spawn) order. */
  get actorIds(): ActorId[] {
    return this.slots.map((slot) => slot.id);
  }

  /** The current virtual time. */
  get virtualNowMs(): number {
    return this.nowMs;
  }

  get steps(): number {
    return this.stepCount;
  }

  /** Runs until the duration is reached or `stop()` is called; records the `end` record. */
  async run(): Promise<void> {
    assert(!this.finished, 'run() called twice');
    const sim = this.pacer.mode === 'sim';
    let yieldedAtMs = wallNowMs();
    while (!this.stopped) {
      if (this.applyDueReplayInput() || this.applyLiveInput()) continue;
      if (this.reachedStopPoint()) {
        this.stopped = true;
        break;
      }
      if (this.userPaused && !(await this.waitWhilePaused())) break;
      const stepping = this.userPaused && this.stepsRequested > 0;
      const next = this.nextEventMs();
      if (next >= this.options.durationMs && (sim || stepping)) break;
      if (!sim && !stepping) {
        const interrupted = () => this.stopped || this.pendingInputs.length > 0 || this.userPaused;
        await this.pacer.waitFor(Math.min(next, this.options.durationMs), interrupted);
        if (interrupted()) continue;
        if (next >= this.options.durationMs) break;
      }
      // A run that is behind its pacing (or in sim) never waits; give sockets, timers and
      // the UI a turn now and then so they are not starved until the run ends.
      if (wallNowMs() - yieldedAtMs >= yieldEveryMs) {
        await new Promise((resolve) => setImmediate(resolve)); // determinism-ok: lets other work in; changes nothing
        yieldedAtMs = wallNowMs();
      }
      const single = stepping || this.replayInputs.length > 0 || this.options.stopBefore !== undefined;
      if (stepping) this.stepsRequested--;
      const supervisorTop = this.supervisorQueue.peek();
      if (supervisorTop !== undefined && supervisorTop.t <= next) this.runSupervisorEvent(this.supervisorQueue.pop()!);
      else {
        // Inline hosts answer synchronously: only wait when a host answered with a promise.
        const pending = this.runWindow(single);
        if (pending !== undefined) await pending;
      }
    }
    this.finished = true;
    if (this.stopped) this.record({ seq: 0, t: this.nowMs, kind: 'end', steps: this.stepCount, stoppedBefore: this.headKey() });
    else this.record({ seq: 0, t: this.options.durationMs, kind: 'end', steps: this.stepCount });
  }

  // ---- control (UI, API) ----

  /** Feeds an input from outside (a person, a device). It is recorded and applied before the next window. */
  submit(input: ExternalInput): void {
    if (this.finished) throw new TroupeError('COMMAND_INVALID', 'the run has ended; start a new run to send inputs');
    if (input?.kind === 'fault') {
      validateFault(input.fault, 'input fault');
      this.pendingInputs.push({ kind: 'fault', fault: resolveFault(input.fault, this.factView()) });
      this.pacer.wake();
    } else if (input?.kind === 'message') {
      if (!this.byId.has(input.to)) throw new TroupeError('UNKNOWN_ACTOR', `input message to '${input.to}': no such actor; known: ${this.actorIds.join(', ')}`);
      if (typeof input.event?.type !== 'string') throw new TroupeError('COMMAND_INVALID', `input message to '${input.to}': event must be an object with a string type`);
      this.pendingInputs.push(input);
      this.pacer.wake();
    } else if (input?.kind === 'fact') {
      if (!this.byId.has(input.actor)) throw new TroupeError('UNKNOWN_ACTOR', `input fact from '${input.actor}': no such actor; known: ${this.actorIds.join(', ')}`);
      if (typeof input.name !== 'string' || input.name === '') throw new TroupeError('COMMAND_INVALID', `input fact from '${input.actor}': name must be a non-empty string`);
      this.pendingInputs.push(input);
      this.pacer.wake();
    } else {
      throw new TroupeError('COMMAND_INVALID', `input kind must be 'fault', 'message' or 'fact', got ${JSON.stringify((input as { kind?: unknown })?.kind)}`);
    }
  }

  /**
   * What a device says, as an input (so it replays). A malformed message from a device
   * becomes a `device.error` fact of that device instead: recorded, replayable, and
   * nothing else is disturbed.
   */
  private submitFromDevice(deviceId: ActorId, input: DeviceInput): void {
    if (this.finished || this.stopped) return; // a late answer after the run ended has nowhere to go
    try {
      this.submit(input.kind === 'message' ? { kind: 'message', from: deviceId, to: input.to, event: input.event } : { kind: 'fact', actor: deviceId, name: input.name, value: input.value });
    } catch (error) {
      const { code, message } = error as TroupeError;
      this.submit({ kind: 'fact', actor: deviceId, name: 'device.error', value: { code: code ?? 'ENVELOPE_INVALID', message: message ?? String(error) } });
    }
  }

  /** Holds the run between windows (paced/realtime). */
  pause(): void {
    this.userPaused = true;
    this.pacer.wake();
  }

  resume(): void {
    this.userPaused = false;
    this.pacer.rebase(this.nowMs);
  }

  /** While paused: runs exactly one more event. */
  step(): void {
    this.stepsRequested++;
  }

  get isPaused(): boolean {
    return this.userPaused;
  }

  get speed(): number {
    return this.pacer.speed;
  }

  setSpeed(speed: number): void {
    this.pacer.setSpeed(speed, this.nowMs);
  }

  /** Ends the run after the current window. */
  stop(): void {
    this.stopped = true;
    this.pacer.wake();
  }

  /** A summary of every actor for the UI. */
  describeActors() {
    return this.slots.map((slot) => ({
      id: slot.id,
      status: slot.status,
      paused: slot.paused,
      clockRate: slot.clockRate,
      state: slot.state === undefined ? undefined : JSON.parse(slot.state),
      facts: Object.fromEntries(slot.facts),
      restarts: slot.restartCount,
      timersPending: slot.timers.size,
      held: slot.held.length,
    }));
  }

  /** The network's partitions, cuts and settings now. */
  describeNetwork() {
    return this.network.describe();
  }

  /** The live state and context of one actor. */
  async inspect(actorId: ActorId) {
    const slot = this.byId.get(actorId);
    if (slot === undefined) throw new TroupeError('UNKNOWN_ACTOR', `no actor '${actorId}'`);
    // A crashed actor's host may still hold the dead incarnation until its restart: show nothing.
    return slot.status === 'up' ? slot.host?.inspect() : undefined;
  }

  /** Closes every host (terminates workers). */
  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.host?.close()));
  }

  /** What fault selectors see. */
  factView(): FactView {
    return {
      actors: this.actorIds,
      fact: (actor, name) => this.byId.get(actor)?.facts.get(name),
      isUp: (actor) => this.byId.get(actor)?.status === 'up',
    };
  }

  // ---- the loop ----

  private nextEventMs(): number {
    return Math.min(this.actorQueue.peek()?.t ?? Infinity, this.supervisorQueue.peek()?.t ?? Infinity);
  }

  private async waitWhilePaused(): Promise<boolean> {
    while (this.userPaused && this.stepsRequested === 0 && this.pendingInputs.length === 0) {
      if (this.stopped) return false;
      await sleep(10);
    }
    return !this.stopped;
  }

  /** The canonical key of the next event to run, or null when nothing is queued. */
  private headKey(): EntryKey | null {
    const actor = this.actorQueue.peek();
    const supervisor = this.supervisorQueue.peek();
    const head = actor !== undefined && supervisor !== undefined ? (compareEntries(supervisor, actor) <= 0 ? supervisor : actor) : (actor ?? supervisor);
    return head === undefined ? null : [head.t, head.actor, head.step, head.index];
  }

  /** A replay of an early-stopped run has reached the point where the original stopped. */
  private reachedStopPoint(): boolean {
    const stopBefore = this.options.stopBefore;
    if (stopBefore === undefined || this.replayInputs.length > 0) return false;
    const head = this.headKey();
    return stopBefore === null ? head === null : head === null || compareKeys(head, stopBefore) >= 0;
  }

  private applyDueReplayInput(): boolean {
    const next = this.replayInputs[0];
    if (next === undefined) return false;
    const head = this.headKey();
    const due = next.before === null ? head === null : head === null || compareKeys(head, next.before) >= 0;
    if (!due) return false;
    this.replayInputs.shift();
    this.nowMs = Math.max(this.nowMs, next.t);
    this.applyInput(next.input);
    return true;
  }

  private applyLiveInput(): boolean {
    const input = this.pendingInputs.shift();
    if (input === undefined) return false;
    // A live input lands at the virtual time the wall clock has reached, but never after the next queued event.
    this.nowMs = Math.max(this.nowMs, Math.min(this.pacer.virtualNowMs(), this.nextEventMs(), this.options.durationMs));
    this.applyInput(input);
    return true;
  }

  private applyInput(input: ExternalInput): void {
    this.record({ seq: 0, t: this.nowMs, kind: 'input', before: this.headKey(), input });
    const step = ++this.stepCount;
    if (input.kind === 'fault') this.applyFault(input.fault, step);
    else if (input.kind === 'message') this.deliverInput(input, step);
    else {
      const slot = this.byId.get(input.actor)!;
      slot.facts.set(input.name, input.value);
      this.record({ seq: 0, t: this.nowMs, kind: 'fact', actor: input.actor, name: input.name, value: input.value });
    }
  }

  private deliverInput(input: Extract<ExternalInput, { kind: 'message' }>, step: number): void {
    const target = this.byId.get(input.to)!;
    const msg = ++this.msgCount;
    this.actorQueue.push({ t: this.nowMs, actor: target.index, step, index: 0, payload: { kind: 'deliver', msg, from: input.from, event: input.event }, cancelled: false });
  }

  private runSupervisorEvent(entry: QueueEntry<SupervisorPayload>): void {
    this.nowMs = entry.t;
    const step = ++this.stepCount;
    const payload = entry.payload;
    if (payload.kind === 'fault') {
      let fault: ResolvedFault;
      try {
        fault = resolveFault(payload.fault, this.factView());
      } catch (error) {
        const { code, message } = error as TroupeError;
        this.record({ seq: 0, t: this.nowMs, kind: 'error', actor: '', code, message });
        return;
      }
      this.record({ seq: 0, t: this.nowMs, kind: 'fault', fault });
      this.applyFault(fault, step);
    } else {
      const slot = this.slots[payload.actor]!;
      if (slot.status !== 'up' && !slot.startPending) this.queueStart(slot, this.nowMs, payload.mode, step, 0);
    }
  }

  private applyFault(fault: ResolvedFault, step: number): void {
    const slots = (ids: ActorId[]) => ids.map((id) => this.byId.get(id)!);
    switch (fault.action) {
      case 'partition':
        return this.network.partition(fault.groups);
      case 'cut':
        for (const from of fault.from) for (const to of fault.to) this.network.cut(from, to);
        return;
      case 'heal':
        return this.network.heal();
      case 'loss':
        return this.network.configure({ lossProbability: fault.probability }, fault.link);
      case 'duplicate':
        return this.network.configure({ duplicateProbability: fault.probability }, fault.link);
      case 'delay':
        return this.network.configure({ delayMsMin: fault.delayMsMin, delayMsMax: fault.delayMsMax }, fault.link);
      case 'crash':
        for (const slot of slots(fault.targets)) {
          if (slot.status !== 'up') continue;
          this.crash(slot, 'killed', 'crashed by a fault', true);
          if (fault.restartAfterMs !== undefined) this.scheduleRestart(slot, this.nowMs + fault.restartAfterMs, fault.restartFrom ?? 'scratch', step);
        }
        return;
      case 'restart':
        for (const slot of slots(fault.targets)) {
          if (slot.status === 'up') this.crash(slot, 'killed', 'restarted by a fault', true);
          if (!slot.startPending) this.queueStart(slot, this.nowMs, fault.from ?? 'scratch', step, 0);
        }
        return;
      case 'pause':
        for (const slot of slots(fault.targets)) slot.paused = true;
        return;
      case 'resume':
        for (const slot of slots(fault.targets)) {
          if (!slot.paused) continue;
          slot.paused = false;
          slot.held.forEach((entry, index) => {
            const released = this.actorQueue.push({ ...entry, t: this.nowMs, step, index, cancelled: false });
            if (released.payload.kind === 'timer') slot.timers.set(released.payload.timer, released);
          });
          slot.held = [];
        }
        return;
      case 'clock':
        for (const slot of slots(fault.targets)) slot.clockRate = fault.rate;
        return;
    }
  }

  /**
   * Takes the next window of actor events, runs it on the hosts, merges the results.
   * Returns a promise only when some host (a worker, a new host) must be awaited.
   */
  private runWindow(single: boolean): Promise<void> | undefined {
    const first = this.actorQueue.peek();
    if (first === undefined) return undefined;
    const t0 = first.t;
    const lookaheadMs = this.network.lookaheadMs();
    const end = single || lookaheadMs <= 0
      ? t0
      : Math.min(t0 + lookaheadMs, this.supervisorQueue.peek()?.t ?? Infinity, this.options.durationMs);
    const entries: QueueEntry<ActorPayload>[] = [];
    if (single) entries.push(this.actorQueue.pop()!);
    else {
      for (let top = this.actorQueue.peek(); top !== undefined && (top.t < end || top.t === t0); top = this.actorQueue.peek()) {
        entries.push(this.actorQueue.pop()!);
      }
    }
    this.nowMs = t0;
    const groups = dispatchWindow(entries, this.slots);
    const starting = [...groups.values()].filter((group) => group.needsHost);
    if (starting.length > 0) {
      return Promise.all(starting.map((group) => this.ensureHost(group.slot))).then(() => this.runGroups(groups, Math.max(end, t0)));
    }
    return this.runGroups(groups, Math.max(end, t0));
  }

  private runGroups(groups: Map<number, WindowGroup>, windowEndMs: number): Promise<void> | undefined {
    const results: (WindowResult | Promise<WindowResult>)[] = [];
    let asynchronous = false;
    for (const group of groups.values()) {
      if (group.events.length === 0) {
        results.push({ ok: true, steps: [] });
        continue;
      }
      const result = group.slot.host!.runWindow({ windowEndMs, clockRate: group.slot.clockRate, events: group.events });
      if (result instanceof Promise) asynchronous = true;
      results.push(result);
    }
    if (asynchronous) return Promise.all(results).then((settled) => this.merge(groups, settled));
    this.merge(groups, results as WindowResult[]);
    return undefined;
  }

  private merge(groups: Map<number, WindowGroup>, settled: WindowResult[]): void {
    const items: MergeItem[] = [];
    let i = 0;
    for (const group of groups.values()) collectItems(group, settled[i++]!, items);
    if (items.length > 1) items.sort((a, b) => a.t - b.t || a.actor - b.actor);
    for (const item of items) this.applyItem(item);
  }

  private applyItem(item: MergeItem): void {
    const slot = this.slots[item.actor]!;
    this.nowMs = item.t;
    if (item.kind === 'drop') {
      this.record({ seq: 0, t: item.t, kind: 'drop', actor: slot.id, msg: item.msg, reason: 'crashed' });
    } else if (item.kind === 'hard-crash') {
      if (slot.status === 'up' || slot.startPending) this.crash(slot, item.crash.reason, item.crash.message, false);
    } else {
      this.applyStep(slot, item.step, item.event);
    }
  }

  private applyStep(slot: ActorSlot, result: StepResult, event: HostEvent | undefined): void {
    const step = ++this.stepCount;
    const t = result.t;
    const state = result.state === undefined ? {} : { state: result.state };
    if (result.state !== undefined) slot.state = result.state;
    if (event?.kind === 'start') {
      slot.status = 'up';
      slot.startPending = false;
      this.record({ seq: 0, t, kind: 'start', actor: slot.id, mode: event.mode, ...state, digest: result.digest });
    } else if (event?.kind === 'deliver') {
      this.record({ seq: 0, t, kind: 'deliver', actor: slot.id, msg: event.msg, from: event.from, ...state, digest: result.digest });
    } else {
      const timer = event?.kind === 'timer' ? event.timer : (result.cause as { timer: number }).timer;
      const local = slot.timers.get(timer);
      if (local !== undefined) {
        this.actorQueue.cancel(local);
        slot.timers.delete(timer);
      }
      this.record({ seq: 0, t, kind: 'timer', actor: slot.id, timer, ...state, digest: result.digest });
    }
    let index = 0;
    for (const { timer, dueMs } of result.timersSet) {
      slot.timers.set(timer, this.actorQueue.push({ t: dueMs, actor: slot.index, step, index: index++, payload: { kind: 'timer', timer }, cancelled: false }));
    }
    for (const timer of result.timersCleared) {
      const entry = slot.timers.get(timer);
      if (entry !== undefined) {
        this.actorQueue.cancel(entry);
        slot.timers.delete(timer);
      }
    }
    for (const fact of result.facts) {
      slot.facts.set(fact.name, fact.value);
      this.record({ seq: 0, t, kind: 'fact', actor: slot.id, name: fact.name, value: fact.value }, fact.binary === true);
    }
    // Spawns first, so a message to an actor spawned in the same step finds it.
    for (const spawn of result.spawns) this.spawn(slot, spawn, t, step, index++);
    for (const send of result.sends) index = this.route(slot, send, t, step, index);
    if (result.persisted !== undefined) slot.persisted = result.persisted;
    if (result.error !== undefined) this.crash(slot, 'error', result.error.message, false);
    else if (result.done) {
      this.stopActor(slot);
      this.record({ seq: 0, t, kind: 'stop', actor: slot.id });
    }
  }

  private route(slot: ActorSlot, send: SendRequest, t: number, step: number, index: number): number {
    const { to, event } = send;
    const binary = send.binary === true;
    const msg = ++this.msgCount;
    const target = this.byId.get(to);
    if (target === undefined) {
      this.record({ seq: 0, t, kind: 'send', actor: slot.id, to, msg, event, deliverAtMs: [] }, binary);
      this.record({ seq: 0, t, kind: 'drop', actor: to, msg, reason: 'unknown-target' });
      this.record({ seq: 0, t, kind: 'error', actor: slot.id, code: 'UNKNOWN_ACTOR', message: `'${slot.id}' sent '${event.type}' to unknown actor '${to}'` });
      return index;
    }
    const outcome = this.network.route(slot.id, to, t, this.network.measuresSize ? sizeOf(event) : 0);
    this.record({ seq: 0, t, kind: 'send', actor: slot.id, to, msg, event, deliverAtMs: outcome.delivered ? outcome.deliverAtMs : [] }, binary);
    if (!outcome.delivered) {
      this.record({ seq: 0, t, kind: 'drop', actor: to, msg, reason: outcome.reason });
      return index;
    }
    for (const at of outcome.deliverAtMs) {
      this.actorQueue.push({ t: at, actor: target.index, step, index: index++, payload: { kind: 'deliver', msg, from: slot.id, event }, cancelled: false });
    }
    return index;
  }

  private spawn(parent: ActorSlot, request: StepResult['spawns'][number], t: number, step: number, index: number): void {
    const template = this.options.scenario.templates?.[request.template];
    const fail = (code: 'ACTOR_EXISTS' | 'SCENARIO_INVALID', message: string) =>
      this.record({ seq: 0, t, kind: 'error', actor: parent.id, code, message });
    if (template === undefined) return fail('SCENARIO_INVALID', `'${parent.id}' asked to spawn from unknown template '${request.template}'`);
    if (this.byId.has(request.id)) return fail('ACTOR_EXISTS', `'${parent.id}' asked to spawn '${request.id}', which already exists`);
    const input = request.input ?? {};
    const spec = template(request.id, input, this.context);
    const slot = this.addSlot({ ...spec, id: request.id }, this.spawnRandom.childSeed(), { name: request.template, input });
    this.record({ seq: 0, t, kind: 'spawn', actor: slot.id, template: request.template, by: parent.id });
    this.queueStart(slot, t, 'initial', step, index);
  }

  private crash(slot: ActorSlot, reason: CrashReason, message: string, byFault: boolean): void {
    this.crashRecord(slot, reason, message);
    this.stopActor(slot);
    slot.status = 'down';
    if (byFault) return;
    const policy = slot.restartPolicy;
    if (policy.mode === 'never') return;
    slot.restartTimesMs = slot.restartTimesMs.filter((at) => at > this.nowMs - policy.windowMs);
    if (slot.restartTimesMs.length >= policy.restartsMax) {
      slot.status = 'gave-up';
      this.record({ seq: 0, t: this.nowMs, kind: 'give-up', actor: slot.id, restarts: slot.restartTimesMs.length });
      return;
    }
    const delayMs = policy.delayMs * 2 ** slot.restartTimesMs.length;
    slot.restartTimesMs.push(this.nowMs);
    this.scheduleRestart(slot, this.nowMs + delayMs, policy.mode, this.stepCount);
  }

  private crashRecord(slot: ActorSlot, reason: CrashReason, message: string): void {
    this.record({ seq: 0, t: this.nowMs, kind: 'crash', actor: slot.id, reason, message });
  }

  /** Forgets everything the dead incarnation had pending. */
  private stopActor(slot: ActorSlot): void {
    slot.status = 'stopped';
    // A frozen process that is killed comes back running: the pause dies with it.
    slot.paused = false;
    for (const entry of slot.timers.values()) this.actorQueue.cancel(entry);
    slot.timers.clear();
    slot.held = [];
    slot.state = undefined;
  }

  private scheduleRestart(slot: ActorSlot, atMs: number, mode: RestartFrom, step: number): void {
    this.supervisorQueue.push({ t: atMs, actor: -1, step, index: slot.index, payload: { kind: 'restart', actor: slot.index, mode }, cancelled: false });
  }

  private queueStart(slot: ActorSlot, t: number, mode: 'initial' | RestartFrom, step: number, index: number): void {
    if (mode !== 'initial') slot.restartCount++;
    slot.startPending = true;
    this.actorQueue.push({ t, actor: slot.index, step, index, payload: { kind: 'start', mode }, cancelled: false });
  }

  private addSlot(spec: ActorSpec, seed: number, template?: { name: string; input: Record<string, unknown> }): ActorSlot {
    const input = { seed, actorId: spec.id, ...(spec.input ?? {}) };
    const slot = new ActorSlot(
      this.slots.length,
      spec,
      {
        actorId: spec.id,
        ...(this.options.scenario.modulePath === undefined ? {} : { scenarioPath: this.options.scenario.modulePath }),
        seed: this.options.seed,
        params: this.options.params,
        input,
        ...(template === undefined ? {} : { template }),
        ...(spec.memoryMbMax === undefined ? {} : { memoryMbMax: spec.memoryMbMax }),
      },
      { ...defaultRestartPolicy, ...this.options.scenario.restart, ...spec.restart },
    );
    this.slots.push(slot);
    this.byId.set(spec.id, slot);
    return slot;
  }

  private async ensureHost(slot: ActorSlot): Promise<void> {
    if (slot.host?.alive) return;
    await slot.host?.close();
    let host: ActorHost;
    if (slot.spec.device !== undefined) {
      // Live only when the run is not a replay: on replay the recorded inputs stand in for the device.
      const live = !this.options.replay;
      host = new DeviceHost(slot.id, slot.spec.device, (input) => this.submitFromDevice(slot.id, input), live);
    } else if (this.options.host === 'inline') {
      host = new InlineHost(slot.id, slot.spec.machine!, slot.load.input);
    } else {
      host = new WorkerHost(slot.load, this.options.worker);
    }
    slot.host = host;
    await host.ready();
  }

  private record(record: TraceRecord, binary = false): void {
    record.seq = this.trace.nextSeq;
    this.trace.add(record, binary);
  }
}


/** Approximate wire size of an event, for bandwidth limits: binary payloads by length, the rest as JSON. */
function compareKeys(a: EntryKey, b: EntryKey): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3];
}

function sizeOf(event: unknown): number {
  let bytes = 0;
  const json = JSON.stringify(event, (_key, value) => {
    if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
      bytes += (value as ArrayBuffer).byteLength;
      return null;
    }
    return value;
  });
  return bytes + (json?.length ?? 0);
}

