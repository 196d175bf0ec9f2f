/** The chat system's actors, shared by the chat scenarios: servers with their stores, and clients. */
import type { ActorSpec, ScenarioDefinition, TargetSelector } from '../../src/runtime/index.ts';
import { chatClient, chatServer, chatStore, type ServerTuning } from '../../src/actors/chat/index.ts';

export interface ChatParams extends Record<string, unknown> {
  servers: number;
  clients: number;
  /** Random operations per client. */
  opsMax: number;
  thinkMsMin: number;
  thinkMsMax: number;
  /** Human slots (for the gateway): clients with no workload that act on USER_OP. */
  humans: number;
  /** Stores report every flush as a fact, for a file mirror (the chat gateway in realtime). */
  storeMirror: boolean;
  /** Records recovered from real files, per store id (the chat gateway passes them). */
  recovered: Record<string, unknown[]>;
  /** Session id of the human clients (the gateway sets a fresh one per start). */
  session: string;
}

export const defaultChatParams: ChatParams = { servers: 3, clients: 3, opsMax: 40, thinkMsMin: 100, thinkMsMax: 400, humans: 0, storeMirror: false, recovered: {}, session: '' };

export const serverIds = (n: number) => Array.from({ length: n }, (_, i) => `server-${i + 1}`);
export const accountOf = (i: number) => `user-${i + 1}`;

/**
 * Servers `server-1..n` (server-1 leads at start), a store per server, and clients
 * `client-1..m` each owning account `user-i` and writing to the others.
 */
export function chatActors(params: ChatParams, tuning: Partial<ServerTuning> = {}): ActorSpec[] {
  const servers = serverIds(params.servers);
  const accounts = Array.from({ length: params.clients }, (_, i) => accountOf(i));
  const actors: ActorSpec[] = [];
  for (const id of servers) {
    const recovered = params.recovered[`store-${id}`];
    actors.push({ id: `store-${id}`, machine: chatStore, input: { mirror: params.storeMirror, ...(recovered === undefined ? {} : { recovered }) }, restart: { mode: 'snapshot' } });
    actors.push({ id, machine: chatServer, input: { id, servers, leader: servers[0]!, tuning } });
  }
  accounts.forEach((account, i) => {
    actors.push({
      id: `client-${i + 1}`, machine: chatClient,
      input: {
        id: `client-${i + 1}`, account, servers, opsMax: params.opsMax, thinkMsMin: params.thinkMsMin, thinkMsMax: params.thinkMsMax,
        workload: { peers: accounts.filter((a) => a !== account) },
      },
    });
  });
  for (let h = 1; h <= params.humans; h++) {
    actors.push({ id: `human-${h}`, machine: chatClient, input: { id: `human-${h}`, account: '', servers, createAccount: false, opsMax: 0, pollMs: 2_000, ...(params.session === '' ? {} : { session: params.session }) } });
  }
  return actors;
}

/** Templates for servers (and their stores) that a leader spawns during repair. */
export const chatTemplates: NonNullable<ScenarioDefinition['templates']> = {
  'chat-server': (id, input) => ({ id, machine: chatServer, input: { ...input, id } }),
  'chat-store': (id, _input, { params }) => ({ id, machine: chatStore, input: { mirror: (params as ChatParams).storeMirror, recovered: (params as ChatParams).recovered[id] ?? [] }, restart: { mode: 'snapshot' } }),
};

/** The current leader, resolved when a fault fires. */
export const currentLeader: TargetSelector = { fact: 'role', equals: 'leader' };

/** Partition groups that cut the current leader (with its store) off from everyone else. */
export const isolateLeader: TargetSelector = (view) => {
  const leaders = view.actors.filter((a) => view.isUp(a) && view.fact(a, 'role') === 'leader');
  return leaders.flatMap((id) => [id, `store-${id}`]);
};
