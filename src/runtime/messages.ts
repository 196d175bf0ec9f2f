/**
 * The one cross-thread contract between the supervisor and a host (worker, inline, remote).
 *
 * The supervisor hands a host a *window*: every event for one actor whose virtual time
 * falls in [t0, windowEndMs), in canonical order. The host runs them in order, firing the
 * actor's own timers that fall inside the window locally, and answers with one
 * `StepResult` per step. Everything here is plain data: it crosses `postMessage` by
 * structured clone and a WebSocket as JSON.
 */

/** An actor's name, unique within a run: `vm-1`, `bulb-03`, `elevator-2`. */
export type ActorId = string;

/** An XState event object as it travels between actors. */
export interface MessageEvent {
  type: string;
  [field: string]: unknown;
}

/** Why an actor (re)starts: a first start, or a restart from scratch or from its snapshot. */
export type StartMode = 'initial' | 'scratch' | 'snapshot';

/** A timer XState had pending when a snapshot was persisted, with the virtual time left on it. */
export interface PersistedTimer {
  /** XState's id of the delayed event (`after` ids are derived from the state; `raise` ids are explicit). */
  xstateId: string;
  event: MessageEvent;
  remainingMs: number;
}

/** What the host needs to restore an actor as it was when it last persisted. */
export interface PersistedActor {
  snapshot: unknown;
  timers: PersistedTimer[];
}

/** One event handed to a host, in canonical order. */
export type HostEvent =
  | { kind: 'start'; t: number; mode: StartMode; persisted?: PersistedActor }
  | { kind: 'deliver'; t: number; msg: number; from: ActorId; event: MessageEvent }
  | { kind: 'timer'; t: number; timer: number };

/** A window of events for one actor. */
export interface WindowRequest {
  /** Events at or after this virtual time belong to a later window; local timers due before it fire here. */
  windowEndMs: number;
  /** Virtual ms per local ms: a clock running 3× fast fires a 300 ms timer after 100 virtual ms. */
  clockRate: number;
  events: HostEvent[];
}

/** A message an actor asked the network to carry. */
export interface SendRequest {
  to: ActorId;
  event: MessageEvent;
  /** Set when the event holds bytes (ArrayBuffer, typed arrays): the trace encodes them by length and digest. */
  binary?: true;
}

/** A fact an actor reported for checks and the UI: `role = leader`, `clock = 17`. */
export interface FactReport {
  name: string;
  value: unknown;
  /** As for SendRequest. */
  binary?: true;
}

/** A request from an actor to start another actor, from a template the scenario declares. */
export interface SpawnRequest {
  id: ActorId;
  template: string;
  input?: Record<string, unknown>;
}

/** What one step did. */
export interface StepResult {
  t: number;
  /** What triggered the step: an index into the window's events, or a locally fired timer. */
  cause: { event: number } | { timer: number };
  sends: SendRequest[];
  facts: FactReport[];
  spawns: SpawnRequest[];
  /** Timers set in this step, with their virtual due time. */
  timersSet: { timer: number; dueMs: number }[];
  /** Timers cleared in this step (set in this window or an earlier one). */
  timersCleared: number[];
  /** The state value, JSON-encoded, present only when it changed in this step. */
  state?: string;
  /** A short hash of the state value and context after the step: a divergence detector. */
  digest: string;
  /** Present when the actor persisted itself in this step. */
  persisted?: PersistedActor;
  /** Present when the step threw: the actor is now crashed and ran nothing after it. */
  error?: { message: string };
  /** True when the machine reached a final state: the actor stops like a normal exit. */
  done?: boolean;
}

/** A host's answer to a window. A hard crash (worker exit, out of memory) loses the whole window. */
export type WindowResult =
  | { ok: true; steps: StepResult[] }
  | { ok: false; crash: { reason: CrashReason; message: string } };

/** Why an actor crashed: it threw (`error`), ended its thread (`exit`), passed its memory limit (`oom`), stopped answering (`hung`), or was killed by a fault. */
export type CrashReason = 'error' | 'exit' | 'oom' | 'hung' | 'killed';

/** Worker -> supervisor data messages (raw postMessage, batched one per window). */
export type WorkerToSupervisor = { type: 'window-result'; id: number; result: WindowResult };

/** Supervisor -> worker data messages. */
export type SupervisorToWorker = { type: 'window'; id: number; request: WindowRequest };
