import { describe, expect, it } from 'vitest';
import { detectorMachine } from '../../../src/runtime/protocols/index.ts';
import { createTestActor, createTestNetwork, expectFullCoverage, fakePeer, type TestActor, type TestNetwork } from '../../../src/testing/index.ts';

/** Every actor of every test, for the coverage test at the end. */
const tested: TestActor[] = [];

function trio() {
  const net = createTestNetwork({ delayMs: 5 });
  const ids = ['a', 'b', 'c'];
  for (const [i, id] of ids.entries()) net.add(id, detectorMachine, { seed: i + 1, input: { peers: ids.filter((peer) => peer !== id), intervalMs: 500, timeoutMsMin: 2000, timeoutMsMax: 3000 } });
  tested.push(...net.actors);
  return net;
}

const suspectsOf = (net: TestNetwork, id: string) => (net.latest('suspects').get(id) as string[] | undefined) ?? [];

describe('heartbeat failure detector', () => {
  it('live peers are never suspected', () => {
    const net = trio();
    net.advanceTo(20_000);
    expect(net.facts.filter((fact) => fact.name === 'suspects')).toHaveLength(0);
  });

  it('a crashed peer is suspected within timeout + one interval, and not before timeout - one interval', () => {
    const net = trio();
    net.advanceTo(5000);
    net.crash('c');
    net.advanceTo(5000 + 2000 - 500 - 100);
    expect(suspectsOf(net, 'a')).toEqual([]);
    net.advanceTo(5000 + 3000 + 500 + 10);
    expect(suspectsOf(net, 'a')).toEqual(['c']);
    expect(suspectsOf(net, 'b')).toEqual(['c']);
  });

  it('a suspected peer that speaks again is alive again', () => {
    const net = trio();
    net.advanceTo(1000);
    net.route = (message) => (message.from === 'c' ? 0 : 1); // c's heartbeats are lost
    net.advanceTo(6000);
    expect(suspectsOf(net, 'a')).toEqual(['c']);
    net.route = () => 1;
    net.advanceTo(7000);
    expect(suspectsOf(net, 'a')).toEqual([]);
  });

  it('duplicated heartbeats change nothing', () => {
    const net = trio();
    net.route = () => 2;
    net.advanceTo(10_000);
    expect(net.facts.filter((fact) => fact.name === 'suspects')).toHaveLength(0);
  });

  it('nodes draw different timeouts and tick phases from their seeds', () => {
    const net = trio();
    const contexts = ['a', 'b', 'c'].map((id) => (net.actor(id).context).fd);
    expect(new Set(contexts.map((fd) => `${fd.timeoutMs}/${fd.phaseMs}`)).size).toBe(3);
  });

  it('one node against fake peers: heartbeats count from the start; only the last suspect heard again brings trust back', () => {
    // b answers every heartbeat; c stays silent until the test speaks for it.
    const b = fakePeer({ 'fd.HEARTBEAT': { type: 'fd.HEARTBEAT' } });
    const node = createTestActor(detectorMachine, { id: 'a', seed: 1, input: { peers: ['b', 'c'], intervalMs: 500, timeoutMsMin: 1000, timeoutMsMax: 1000 }, peers: { b, c: fakePeer({}) } });
    tested.push(node);
    node.expectState('starting');
    node.send({ type: 'fd.HEARTBEAT' }, 'b').send({ type: 'fd.heard', peer: 'c' });
    node.expectState('starting');
    node.advance(node.context.fd.phaseMs);
    node.expectState({ watching: 'trusting' });
    node.send({ type: 'fd.heard', peer: 'b' });
    node.advance(1_000); // c silent for the timeout: suspected
    node.expectState({ watching: 'suspecting' });
    expect(node.lastFact('suspects')).toEqual(['c']);
    node.advance(1); // b's answer arrives: c is still suspected
    node.send({ type: 'fd.heard', peer: 'b' });
    node.expectState({ watching: 'suspecting' });
    node.send({ type: 'fd.heard', peer: 'c' }); // told c is alive
    node.expectState({ watching: 'trusting' });
    expect(node.lastFact('suspects')).toEqual([]);
    node.advance(1_000); // c silent again
    node.expectState({ watching: 'suspecting' });
    node.send({ type: 'fd.HEARTBEAT' }, 'c');
    node.expectState({ watching: 'trusting' });
    expect(b.received.length).toBeGreaterThanOrEqual(4);
  });

  it('the tests above reach every state and transition of the machine', () => {
    const report = expectFullCoverage(detectorMachine, tested);
    expect([report.states.total, report.transitions.total]).toEqual([5, 12]);
  });
});
