/**
 * `chat-client`: a user of the chat service. It knows every server, sends each operation
 * to the leader it believes in, and on a timeout or a redirect tries the hinted leader or
 * the next server, retrying with the same operation id (the idempotency key) so a retried
 * send is applied once. One operation is in flight at a time, so a user's sends are
 * committed in the order issued.
 *
 * It logs every operation as `chat.op` facts (phase `invoke`, then `ok` or `fail`) and
 * every message it receives once, as a `chat.delivered` fact, then acknowledges it so the
 * server drops it from the mailbox. Operations come from the random workload (workload.ts),
 * a script, or a person (a `USER_OP` event, from the chat gateway).
 */
import { assign, enqueueActions, setup } from 'xstate';
import { factEvent, sendEvent, type TroupeEmitted } from '../../runtime/effects.ts';
import { createRng, randomInt, type Rng } from '../../runtime/rng.ts';
import { defaultWorkload, nextWorkloadOps, type WorkloadOptions } from './workload.ts';
import type { ChatMessage, ClientOp, OpResult, ServerToClient } from './types.ts';

export interface ChatClientInput {
  seed: number;
  /** This client's actor id (the runtime does not pass it). */
  id: string;
  /** Its account (created first unless `createAccount` is false); '' for a person who will create or log in to one. */
  account: string;
  servers: string[];
  createAccount?: boolean;
  /** An incarnation id, for a client that may restart while the service remembers its operation ids (a person's seat). */
  session?: string;
  /** Random operations to issue (0: none, only scripted and user operations). */
  opsMax?: number;
  script?: ClientOp[];
  workload?: Partial<WorkloadOptions>;
  thinkMsMin?: number;
  thinkMsMax?: number;
  /** Fetch about every this many ms, in case a push was lost (0: never). */
  pollMs?: number;
  attemptTimeoutMs?: number;
  attemptsMax?: number;
  backoffMs?: number;
}

export interface ChatClientContext {
  id: string;
  session: string | undefined;
  account: string;
  servers: string[];
  rng: Rng;
  target: string;
  opId: number;
  queue: ClientOp[];
  current: { opId: number; op: ClientOp; attempts: number } | null;
  lastMsgId: number;
  opsLeft: number;
  thinkMs: number;
  /** Virtual ms until the next poll: pushes can be lost, so every user fetches now and then. */
  pollDueMs: number;
  options: Required<Pick<ChatClientInput, 'thinkMsMin' | 'thinkMsMax' | 'pollMs' | 'attemptTimeoutMs' | 'attemptsMax' | 'backoffMs'>>;
  workload: WorkloadOptions;
}

/** Most operations waiting; at it, the workload skips a turn and user operations are refused. */
export const clientQueueMax = 64;
/** Most servers a client remembers (the initial ones plus leaders it was pointed to); past it, hints are followed but not remembered. */
export const serversKnownMax = 32;

type ClientEvent = (ServerToClient | { type: 'USER_OP'; op: ClientOp }) & { from: string };

/** New messages of a mailbox, logged once each, and the acknowledgement to queue. */
function receive(context: ChatClientContext, name: string, messages: readonly ChatMessage[], emit: (e: TroupeEmitted) => void): Partial<ChatClientContext> {
  if (name !== context.account) return {};
  let lastMsgId = context.lastMsgId;
  for (const message of [...messages].sort((a, b) => a.id - b.id)) {
    if (message.id <= lastMsgId) continue; // already seen (a duplicate push or an older fetch)
    lastMsgId = message.id;
    emit(factEvent('chat.delivered', { to: name, msgId: message.id, from: message.from, fromClient: message.fc, opId: message.o, text: message.text }));
  }
  if (lastMsgId === context.lastMsgId) return {};
  const queue = context.queue.filter((op) => op.kind !== 'ack');
  return { lastMsgId, queue: [...queue, { kind: 'ack', name, upTo: lastMsgId }] };
}

function finish(context: ChatClientContext, result: OpResult, emit: (e: TroupeEmitted) => void): Partial<ChatClientContext> {
  const current = context.current!;
  emit(factEvent('chat.op', { client: context.id, opId: current.opId, op: current.op, phase: 'ok', result }));
  let update: Partial<ChatClientContext> = { current: null };
  if (result.ok && result.messages !== undefined && current.op.kind === 'fetch') {
    update = { ...update, ...receive({ ...context, ...update } as ChatClientContext, current.op.name, result.messages, emit) };
  }
  if (result.ok && (current.op.kind === 'create' || current.op.kind === 'login') && current.op.name !== context.account) {
    update = { ...update, account: current.op.name }; // a person chose (or switched to) this account
  }
  if (!result.ok && result.error === 'name taken' && current.op.kind === 'create' && current.op.name === context.account) {
    update = { ...update, queue: [...(update.queue ?? context.queue), { kind: 'login', name: context.account }] };
  }
  return update;
}

function nextServer(context: ChatClientContext): string {
  const index = context.servers.indexOf(context.target);
  return context.servers[(index + 1) % context.servers.length]!;
}

/** The chat client machine. */
export const chatClient = setup({
  types: { context: {} as ChatClientContext, events: {} as ClientEvent, input: {} as ChatClientInput, emitted: {} as TroupeEmitted },
  delays: {
    think: ({ context }) => context.thinkMs,
    attemptTimeout: ({ context }) => context.options.attemptTimeoutMs,
    backoff: ({ context }) => context.options.backoffMs,
  },
  guards: {
    hasWork: ({ context }) => context.queue.length > 0,
    isCurrent: ({ context, event }) => 'opId' in event && context.current?.opId === event.opId,
    exhausted: ({ context }) => (context.current?.attempts ?? 0) >= context.options.attemptsMax,
  },
  actions: {
    drawThink: enqueueActions(({ context, enqueue }) => {
      const [thinkMs, rng] = randomInt(context.rng, context.options.thinkMsMin, context.options.thinkMsMax);
      // Past the workload the timer only serves polling, so it can sleep a whole poll period.
      enqueue.assign({ thinkMs: context.opsLeft > 0 || context.options.pollMs === 0 ? thinkMs : context.options.pollMs, rng });
    }),
    generate: enqueueActions(({ context, enqueue }) => {
      if (context.queue.length >= clientQueueMax) return;
      let queue = context.queue;
      let pollDueMs = context.pollDueMs - context.thinkMs;
      if (pollDueMs <= 0 && context.options.pollMs > 0 && context.account !== '') {
        pollDueMs = context.options.pollMs;
        if (!queue.some((op) => op.kind === 'fetch')) queue = [...queue, { kind: 'fetch', name: context.account }];
      }
      if (context.opsLeft > 0) {
        const [ops, rng] = nextWorkloadOps(context.rng, context.account, context.opId + 1, context.workload);
        enqueue.assign({ queue: [...queue, ...ops], rng, opsLeft: context.opsLeft - 1, pollDueMs });
      } else {
        enqueue.assign({ queue, pollDueMs });
      }
    }),
    take: assign(({ context }) => ({ current: { opId: context.opId + 1, op: context.queue[0]!, attempts: 0 }, opId: context.opId + 1, queue: context.queue.slice(1) })),
    attempt: enqueueActions(({ context, enqueue }) => {
      const current = context.current!;
      if (current.attempts === 0) enqueue.emit(factEvent('chat.op', { client: context.id, opId: current.opId, op: current.op, phase: 'invoke' }));
      enqueue.assign({ current: { ...current, attempts: current.attempts + 1 } });
      enqueue.emit(sendEvent(context.target, { type: 'C_REQ', opId: current.opId, op: current.op, ...(context.session === undefined ? {} : { session: context.session }) }));
    }),
    rotate: assign(({ context }) => ({ target: nextServer(context) })),
    redirect: assign(({ context, event }) => {
      const leader = event.type === 'C_REDIRECT' ? event.leader : null;
      if (leader === null || leader === context.target) return { target: nextServer(context) };
      // A leader spawned after this client started: learn it, bounded by serversKnownMax.
      const servers = context.servers.includes(leader) || context.servers.length >= serversKnownMax ? context.servers : [...context.servers, leader];
      return { target: leader, servers };
    }),
    finish: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'C_REPLY') return;
      enqueue.assign({ ...finish(context, event.result, (e) => enqueue.emit(e)), target: event.from });
    }),
    fail: enqueueActions(({ context, enqueue }) => {
      const current = context.current!;
      enqueue.emit(factEvent('chat.op', { client: context.id, opId: current.opId, op: current.op, phase: 'fail', attempts: current.attempts }));
      enqueue.assign({ current: null });
    }),
    push: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'C_PUSH') return;
      enqueue.assign(receive(context, event.name, event.messages, (e) => enqueue.emit(e)));
    }),
    userOp: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'USER_OP') return;
      if (context.queue.length >= clientQueueMax) enqueue.emit(factEvent('chat.refused', { client: context.id, op: event.op, reason: 'queue full' }));
      else enqueue.assign({ queue: [...context.queue, event.op] });
    }),
  },
}).createMachine({
  id: 'chat-client',
  context: ({ input }) => {
    const servers = [...input.servers];
    let rng = createRng(input.seed);
    let first: number;
    [first, rng] = randomInt(rng, 0, servers.length - 1);
    return {
      id: input.id, session: input.session, account: input.account, servers, rng, target: servers[first]!, opId: 0,
      queue: [...(input.createAccount === false ? [] : [{ kind: 'create', name: input.account } as ClientOp]), ...(input.script ?? [])],
      current: null, lastMsgId: 0, opsLeft: input.opsMax ?? 0, thinkMs: 0, pollDueMs: input.pollMs ?? 1_000,
      options: {
        thinkMsMin: input.thinkMsMin ?? 100, thinkMsMax: input.thinkMsMax ?? 400, pollMs: input.pollMs ?? 1_000,
        attemptTimeoutMs: input.attemptTimeoutMs ?? 300, attemptsMax: input.attemptsMax ?? 100, backoffMs: input.backoffMs ?? 30,
      },
      workload: { ...defaultWorkload, ...input.workload, peers: input.workload?.peers ?? [] },
    };
  },
  on: {
    C_PUSH: { actions: 'push' },
    USER_OP: { actions: 'userOp' },
  },
  initial: 'idle',
  states: {
    idle: {
      entry: 'drawThink',
      always: { guard: 'hasWork', target: 'busy', actions: 'take' },
      after: { think: { target: 'idle', reenter: true, actions: 'generate' } },
    },
    busy: {
      entry: 'attempt',
      after: {
        attemptTimeout: [
          { guard: 'exhausted', target: 'idle', actions: 'fail' },
          { target: 'busy', reenter: true, actions: 'rotate' },
        ],
      },
      on: {
        C_REPLY: { guard: 'isCurrent', target: 'idle', actions: 'finish' },
        C_REDIRECT: { guard: 'isCurrent', target: 'backoff', actions: 'redirect' },
      },
    },
    backoff: {
      after: {
        backoff: [
          { guard: 'exhausted', target: 'idle', actions: 'fail' },
          { target: 'busy' },
        ],
      },
    },
  },
});
