import { describe, expect, it } from 'vitest';
import { getShortestPaths } from '@xstate/graph';
import { bullyMachine } from '../../../src/runtime/protocols/index.ts';
import { VirtualNet } from './virtualNet.ts';

// Ranks: n1 < n2 < … < n5 (the rank is the id's number, zero-padded so strings compare like numbers).
const ids = ['n1', 'n2', 'n3', 'n4', 'n5'];
const rank = (id: string) => `r${id.slice(1).padStart(3, '0')}`;
const timing = { startupWaitMs: 2000, okTimeoutMs: 100, coordinatorTimeoutMs: 300 };
const visited = new Set<string>();

function cluster(members = ids, net = new VirtualNet(5)) {
  for (const id of members) net.add(id, bullyMachine, { self: id, rank: rank(id), peers: ids.filter((peer) => peer !== id), ...timing });
  return net;
}

function record(net: VirtualNet) {
  for (const states of net.states.values()) for (const state of states) visited.add(state);
}

function leaders(net: VirtualNet): string[] {
  return [...net.latest('role')].filter(([, role]) => role === 'leader').map(([id]) => id);
}

describe('bully election', () => {
  it('start-up: all answer, the highest rank leads at once and everyone follows it', () => {
    const net = cluster();
    net.runUntil(50);
    expect(leaders(net)).toEqual(['n5']);
    expect([...net.latest('leader').values()]).toEqual(ids.map(() => 'n5'));
    record(net);
  });

  it('start-up: a silent peer makes the others wait the start-up bound, then the highest that answered leads', () => {
    const net = cluster(['n1', 'n2', 'n3']);
    net.runUntil(1900);
    expect(leaders(net)).toEqual([]);
    net.runUntil(2100);
    expect(leaders(net)).toEqual(['n3']);
    record(net);
  });

  it('the leader crashes: the next highest wins after one OK timeout, with n-2 ELECTIONs at best', () => {
    const net = cluster();
    net.runUntil(50);
    net.crash('n5');
    // Every detector has suspected n5 (told with bully.down); n4 notices first (the best
    // case): it asks only n5, hears nothing, and leads, telling the n-2 lower nodes.
    for (const id of ['n1', 'n2', 'n3']) net.actors.get(id)!.send({ type: 'bully.down', peer: 'n5' });
    net.actors.get('n4')!.send({ type: 'bully.start' });
    const startMs = net.nowMs;
    net.runUntil(startMs + 1000);
    expect(leaders(net)).toEqual(['n4']);
    expect(net.count('bully.ELECTION', startMs)).toBe(2); // one resend to the silent n5
    // Resent once (electionAttemptsMax 2) before leading: 2 OK timeouts.
    const led = net.facts.find((fact) => fact.name === 'role' && fact.value === 'leader' && fact.actor === 'n4')!;
    expect(led.atMs - startMs).toBe(2 * timing.okTimeoutMs);
    expect(net.count('bully.COORDINATOR', startMs)).toBe(3);
    record(net);
  });

  it('two elections at once end with one leader, the highest live', () => {
    const net = cluster();
    net.runUntil(50);
    net.crash('n5');
    net.actors.get('n1')!.send({ type: 'bully.start' });
    net.actors.get('n2')!.send({ type: 'bully.start' });
    net.runUntil(net.nowMs + 2000);
    expect(leaders(net)).toEqual(['n4']);
    expect(new Set(net.latest('leader').values())).toEqual(new Set(['n4']));
    record(net);
  });

  it('an OK with no COORDINATOR after it: the candidate elects again and leads', () => {
    const net = cluster();
    net.runUntil(50);
    // n5 will answer OK, then crash before it can send COORDINATOR.
    net.route = (message) => (message.from === 'n5' && message.event.type === 'bully.COORDINATOR' ? 0 : 1);
    net.actors.get('n4')!.send({ type: 'bully.start' });
    net.runUntil(net.nowMs + 20);
    expect(net.actors.get('n4')!.getSnapshot().value).toBe('awaitingCoordinator');
    net.crash('n5');
    net.runUntil(net.nowMs + 2000);
    expect(leaders(net)).toEqual(['n4']);
    record(net);
  });

  it('a higher node returning mid-election takes over (its COORDINATOR wins)', () => {
    const net = cluster(['n1', 'n2', 'n3', 'n4']);
    net.runUntil(2100); // n5 silent: n4 leads after the start-up wait
    expect(leaders(net)).toEqual(['n4']);
    net.actors.get('n1')!.send({ type: 'bully.start' });
    net.runUntil(net.nowMs + 2);
    net.add('n5', bullyMachine, { self: 'n5', rank: rank('n5'), peers: ids.filter((peer) => peer !== 'n5'), ...timing });
    net.runUntil(net.nowMs + 2000);
    expect(leaders(net)).toEqual(['n5']);
    expect(new Set(net.latest('leader').values())).toEqual(new Set(['n5']));
    record(net);
  });

  it('lost and duplicated messages: still one leader, the highest', () => {
    const net = new VirtualNet(5);
    let n = 0;
    // Every third bully message is lost, every fourth is delivered twice.
    net.route = () => (++n % 3 === 0 ? 0 : n % 4 === 0 ? 2 : 1);
    cluster(ids, net);
    net.runUntil(5000);
    net.route = () => 1;
    for (const id of ids) net.actors.get(id)!.send({ type: 'bully.start' });
    net.runUntil(net.nowMs + 3000);
    expect(leaders(net)).toEqual(['n5']);
    record(net);
  });

  it('a stale lower leader that hears ELECTION from below, knowing a live higher node, re-elects and yields', () => {
    const net = cluster();
    net.runUntil(50);
    // n3 is told n5 and n4 are down (a false suspicion), elects itself, then learns better.
    for (const peer of ['n4', 'n5']) net.actors.get('n3')!.send({ type: 'bully.down', peer });
    net.route = (message) => (message.from === 'n3' && message.event.type === 'bully.COORDINATOR' && message.to !== 'n1' ? 0 : 1);
    net.actors.get('n3')!.send({ type: 'bully.start' });
    net.runUntil(net.nowMs + 500);
    expect(net.latest('role').get('n3')).toBe('leader');
    net.route = () => 1;
    for (const peer of ['n4', 'n5']) net.actors.get('n3')!.send({ type: 'bully.up', peer });
    net.runUntil(net.nowMs + 3000);
    expect(net.latest('role').get('n3')).toBe('leader'); // nobody asked it yet
    net.actors.get('n2')!.send({ type: 'bully.start' });
    net.runUntil(net.nowMs + 3000);
    expect(leaders(net)).toEqual(['n5']);
    record(net);
  });

  it('every state of the machine is reachable (graph) and reached by a test above', () => {
    const events = (snapshot: any) => [
      { type: 'bully.HELLO_ACK', rank: 'r004', leader: null, from: 'n4' },
      { type: 'bully.HELLO_ACK', rank: 'r002', leader: 'n2', from: 'n2' },
      { type: 'bully.OK', rank: 'r004', from: 'n4' },
      { type: 'bully.COORDINATOR', rank: 'r004', from: 'n4' },
      { type: 'bully.ELECTION', rank: 'r001', from: 'n1' },
      { type: 'bully.start' },
      ...['gathering', 'electing', 'awaitingCoordinator'].map((state) => ({ type: `xstate.after.bully.${state === 'gathering' ? 'startupWait' : state === 'electing' ? 'okTimeout' : 'coordinatorTimeout'}.bully.${state}` })),
    ].filter(() => snapshot.status === 'active') as any[];
    const paths = getShortestPaths(bullyMachine, {
      input: { self: 'n3', rank: 'r003', peers: ['n1', 'n2', 'n4'], ...timing },
      events,
      serializeState: (snapshot: any) => JSON.stringify(snapshot.value),
    });
    const reachable = new Set(paths.map((path) => JSON.stringify(path.state.value)));
    const all = Object.keys((bullyMachine as any).root.states).filter((state) => state !== 'deciding'); // transient
    expect([...reachable].sort()).toEqual(all.map((state) => JSON.stringify(state)).sort());
    for (const state of all) expect(visited, `state ${state} never reached by a test`).toContain(JSON.stringify(state));
  });
});
