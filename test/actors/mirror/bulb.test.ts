/**
 * The bulb machine on the testing kit: the mirror's twelve bulbs, the Pi and the two
 * strips on a test network (virtual time, one deadline at a time). The election, gossip
 * and detector regions are covered rule by rule by test/runtime/protocols on their
 * standalone machines; here every state of the bulb and every transition of its own
 * (lights, relay ACKs, BPM, the wiring between the regions) is reached.
 */
import { describe, expect, it } from 'vitest';
import { bulbMachine, mirrorActors } from '../../../src/actors/mirror/index.ts';
import { createTestNetwork, pathCoverage, type TestActor } from '../../../src/testing/index.ts';

const tested: TestActor[] = [];

function mirror(seed = 1) {
  const net = createTestNetwork({ delayMs: 5 });
  for (const spec of mirrorActors(seed, {}) as { id: string; machine: typeof bulbMachine; input: Record<string, unknown> }[]) net.add(spec.id, spec.machine, { seed, input: spec.input });
  tested.push(...net.actors.filter((actor) => actor.id.startsWith('bulb-')));
  return net;
}

const leaders = (net: ReturnType<typeof mirror>) => [...net.latest('role')].filter(([, role]) => role === 'leader').map(([id]) => id);

describe('bulb', () => {
  it('twelve bulbs elect one leader that all follow; when it crashes another takes over', () => {
    const net = mirror();
    net.advanceTo(30_000);
    const [first, ...others] = leaders(net);
    expect(others).toEqual([]);
    expect(new Set(net.latest('leader').values())).toEqual(new Set([first]));
    expect(net.facts.some((fact) => fact.name === 'relay')).toBe(true);
    net.crash(first!);
    net.advanceTo(60_000);
    const after = leaders(net);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(first);
    expect(new Set(net.latest('leader').values())).toEqual(new Set(after));
  });

  it('a bulb cut off for a while is suspected by the others, and trusted again once it speaks', () => {
    const net = mirror();
    net.advanceTo(30_000);
    net.route = (message) => (message.from === 'bulb-1' ? 0 : 1);
    net.advanceTo(60_000);
    const suspectedBy = () => [...net.latest('suspects')].filter(([, suspects]) => (suspects as string[]).includes('bulb-1')).map(([id]) => id);
    expect(suspectedBy().length).toBeGreaterThan(0);
    net.route = () => 1;
    net.advanceTo(70_000);
    expect(suspectedBy()).toEqual([]);
  });

  it('the tests above reach every state of the bulb and every transition outside its protocol regions', () => {
    const report = pathCoverage(bulbMachine, tested);
    expect(report.states.missing).toEqual([]);
    const regions = /^bulb\.(election|detector|gossip)[.|]/;
    expect(report.transitions.missing.filter((key) => !regions.test(key))).toEqual([]);
    expect(report.transitions.covered.filter((key) => !regions.test(key)).length).toBeGreaterThanOrEqual(9);
  });
});
