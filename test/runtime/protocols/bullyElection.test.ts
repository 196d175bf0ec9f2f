import { describe, expect, it } from 'vitest';
import { bullyMachine } from '../../../src/runtime/protocols/index.ts';
import { createTestActor, createTestNetwork, expectFullCoverage, fakePeer, type PeerRule, type TestActor, type TestNetwork } from '../../../src/testing/index.ts';

// Ranks: n1 < n2 < … < n5 (the rank is the id's number, zero-padded so strings compare like numbers).
const ids = ['n1', 'n2', 'n3', 'n4', 'n5'];
const rank = (id: string) => `r${id.slice(1).padStart(3, '0')}`;
const timing = { startupWaitMs: 2000, okTimeoutMs: 100, coordinatorTimeoutMs: 300 };
/** Every actor of every test, for the coverage test at the end. */
const tested: TestActor[] = [];

function cluster(members = ids, net = createTestNetwork({ delayMs: 5 })) {
  for (const id of members) net.add(id, bullyMachine, { input: { self: id, rank: rank(id), peers: ids.filter((peer) => peer !== id), ...timing } });
  return net;
}

function record(net: TestNetwork) {
  tested.push(...net.actors);
}

function leaders(net: TestNetwork): string[] {
  return [...net.latest('role')].filter(([, role]) => role === 'leader').map(([id]) => id);
}

describe('bully election', () => {
  it('start-up: all answer, the highest rank leads at once and everyone follows it', () => {
    const net = cluster();
    net.advanceTo(50);
    expect(leaders(net)).toEqual(['n5']);
    expect([...net.latest('leader').values()]).toEqual(ids.map(() => 'n5'));
    record(net);
  });

  it('start-up: a silent peer makes the others wait the start-up bound, then the highest that answered leads', () => {
    const net = cluster(['n1', 'n2', 'n3']);
    net.advanceTo(1900);
    expect(leaders(net)).toEqual([]);
    net.advanceTo(2100);
    expect(leaders(net)).toEqual(['n3']);
    record(net);
  });

  it('the leader crashes: the next highest wins after one OK timeout, with n-2 ELECTIONs at best', () => {
    const net = cluster();
    net.advanceTo(50);
    net.crash('n5');
    // Every detector has suspected n5 (told with bully.down); n4 notices first (the best
    // case): it asks only n5, hears nothing, and leads, telling the n-2 lower nodes.
    for (const id of ['n1', 'n2', 'n3']) net.actor(id).send({ type: 'bully.down', peer: 'n5' });
    net.actor('n4').send({ type: 'bully.start' });
    const startMs = net.nowMs;
    net.advanceTo(startMs + 1000);
    expect(leaders(net)).toEqual(['n4']);
    expect(net.count('bully.ELECTION', startMs)).toBe(2); // one resend to the silent n5
    // Resent once (electionAttemptsMax 2) before leading: 2 OK timeouts.
    const led = net.facts.find((fact) => fact.name === 'role' && fact.value === 'leader' && fact.actor === 'n4')!;
    expect(led.t - startMs).toBe(2 * timing.okTimeoutMs);
    expect(net.count('bully.COORDINATOR', startMs)).toBe(3);
    record(net);
  });

  it('two elections at once end with one leader, the highest live', () => {
    const net = cluster();
    net.advanceTo(50);
    net.crash('n5');
    net.actor('n1').send({ type: 'bully.start' });
    net.actor('n2').send({ type: 'bully.start' });
    net.advanceTo(net.nowMs + 2000);
    expect(leaders(net)).toEqual(['n4']);
    expect(new Set(net.latest('leader').values())).toEqual(new Set(['n4']));
    record(net);
  });

  it('an OK with no COORDINATOR after it: the candidate elects again and leads', () => {
    const net = cluster();
    net.advanceTo(50);
    // n5 will answer OK, then crash before it can send COORDINATOR.
    net.route = (message) => (message.from === 'n5' && message.event.type === 'bully.COORDINATOR' ? 0 : 1);
    net.actor('n4').send({ type: 'bully.start' });
    net.advanceTo(net.nowMs + 20);
    expect(net.actor('n4').state).toBe('awaitingCoordinator');
    net.crash('n5');
    net.advanceTo(net.nowMs + 2000);
    expect(leaders(net)).toEqual(['n4']);
    record(net);
  });

  it('a higher node returning mid-election takes over (its COORDINATOR wins)', () => {
    const net = cluster(['n1', 'n2', 'n3', 'n4']);
    net.advanceTo(2100); // n5 silent: n4 leads after the start-up wait
    expect(leaders(net)).toEqual(['n4']);
    net.actor('n1').send({ type: 'bully.start' });
    net.advanceTo(net.nowMs + 2);
    net.add('n5', bullyMachine, { input: { self: 'n5', rank: rank('n5'), peers: ids.filter((peer) => peer !== 'n5'), ...timing } });
    net.advanceTo(net.nowMs + 2000);
    expect(leaders(net)).toEqual(['n5']);
    expect(new Set(net.latest('leader').values())).toEqual(new Set(['n5']));
    record(net);
  });

  it('lost and duplicated messages: still one leader, the highest', () => {
    const net = createTestNetwork({ delayMs: 5 });
    let n = 0;
    // Every third bully message is lost, every fourth is delivered twice.
    net.route = () => (++n % 3 === 0 ? 0 : n % 4 === 0 ? 2 : 1);
    cluster(ids, net);
    net.advanceTo(5000);
    net.route = () => 1;
    for (const id of ids) net.actor(id).send({ type: 'bully.start' });
    net.advanceTo(net.nowMs + 3000);
    expect(leaders(net)).toEqual(['n5']);
    record(net);
  });

  it('a stale lower leader that hears ELECTION from below, knowing a live higher node, re-elects and yields', () => {
    const net = cluster();
    net.advanceTo(50);
    // n3 is told n5 and n4 are down (a false suspicion), elects itself, then learns better.
    for (const peer of ['n4', 'n5']) net.actor('n3').send({ type: 'bully.down', peer });
    net.route = (message) => (message.from === 'n3' && message.event.type === 'bully.COORDINATOR' && message.to !== 'n1' ? 0 : 1);
    net.actor('n3').send({ type: 'bully.start' });
    net.advanceTo(net.nowMs + 500);
    expect(net.latest('role').get('n3')).toBe('leader');
    net.route = () => 1;
    for (const peer of ['n4', 'n5']) net.actor('n3').send({ type: 'bully.up', peer });
    net.advanceTo(net.nowMs + 3000);
    expect(net.latest('role').get('n3')).toBe('leader'); // nobody asked it yet
    net.actor('n2').send({ type: 'bully.start' });
    net.advanceTo(net.nowMs + 3000);
    expect(leaders(net)).toEqual(['n5']);
    record(net);
  });

});

/**
 * One node, n3, alone against fake peers: n1 and n2 (lower) answer HELLO at once; n4
 * (higher) follows the rules a test gives it, or stays silent like a dead node.
 */
function lone(n4: Record<string, PeerRule> = {}) {
  const lower = (id: string) => fakePeer({ 'bully.HELLO': { type: 'bully.HELLO_ACK', rank: rank(id), leader: null } });
  const peers = { n1: lower('n1'), n2: lower('n2'), n4: fakePeer(n4) };
  const node = createTestActor(bullyMachine, { id: 'n3', input: { self: 'n3', rank: rank('n3'), peers: ['n1', 'n2', 'n4'], ...timing }, peers });
  tested.push(node);
  const from = (id: string, type: string) => node.send({ type, rank: rank(id) }, id);
  return { node, peers, from };
}

describe('bully election: one node against fake peers, every rule of every state', () => {
  it('gathering: an ELECTION from above changes nothing; a COORDINATOR from above is followed', () => {
    const { node, from } = lone();
    from('n4', 'bully.ELECTION'); // at t=0: n1 and n2 have not answered yet
    node.expectState('gathering');
    expect(node.context.bully.ranks).toEqual({ n4: rank('n4') });
    expect(node.sent('n4', 'bully.OK')).toEqual([]);
    from('n4', 'bully.COORDINATOR');
    node.expectState('follower');
    expect(node.context.bully.leader).toBe('n4');
  });

  it('gathering: a COORDINATOR from below is contested; electing ignores an OK from below and contests a lower COORDINATOR again', () => {
    const { node, from } = lone();
    node.advance(1);
    from('n1', 'bully.COORDINATOR');
    node.expectState('electing');
    expect(node.sent('n4', 'bully.ELECTION')).toHaveLength(1);
    from('n1', 'bully.OK');
    node.expectState('electing');
    from('n2', 'bully.COORDINATOR');
    node.expectState('electing');
    expect(node.lastFact('role')).toBe('candidate');
  });

  it('gathering: bully.start starts an election at once', () => {
    const { node } = lone();
    node.send({ type: 'bully.start' });
    node.expectState('electing');
    expect(node.context.bully.electionsStarted).toBe(1);
  });

  it('gathering: a HELLO_ACK naming a leader means a running system: elect; awaiting the COORDINATOR, answer a lower ELECTION and contest a lower COORDINATOR', () => {
    const { node, peers, from } = lone({ 'bully.HELLO': { type: 'bully.HELLO_ACK', rank: rank('n4'), leader: 'n4' }, 'bully.ELECTION': { type: 'bully.OK', rank: rank('n4') } });
    node.advance(1); // n4's HELLO_ACK names a leader
    node.expectState('electing');
    node.advance(1); // n4 answers the ELECTION with OK
    node.expectState('awaitingCoordinator');
    expect(peers.n4.received.map(({ t, event }) => [t, event.type])).toEqual([[0, 'bully.HELLO'], [1, 'bully.ELECTION']]);
    from('n1', 'bully.ELECTION');
    node.expectState('awaitingCoordinator');
    expect(node.sent('n1', 'bully.OK')).toEqual([{ type: 'bully.OK', rank: rank('n3') }]);
    from('n2', 'bully.COORDINATOR');
    node.expectState('electing');
  });

  it('leader: a lower COORDINATOR is contested, a higher one is followed; a follower ignores an ELECTION from above', () => {
    const { node, from } = lone();
    node.advance(timing.startupWaitMs); // n4 never answered: n3 is the highest it knows
    node.expectState('leader');
    expect(node.sent('n1', 'bully.COORDINATOR')).toHaveLength(1);
    from('n1', 'bully.COORDINATOR');
    node.expectState('electing');
    node.advance(2 * timing.okTimeoutMs); // n4 silent through both rounds
    node.expectState('leader');
    from('n4', 'bully.COORDINATOR');
    node.expectState('follower');
    from('n4', 'bully.ELECTION');
    node.expectState('follower');
    expect(node.lastFact('leader')).toBe('n4');
  });
});

describe('bully election: coverage', () => {
  it('the tests above reach every state and transition of the machine', () => {
    const report = expectFullCoverage(bullyMachine, tested);
    expect([report.states.total, report.transitions.total]).toEqual([6, 38]);
  });
});
