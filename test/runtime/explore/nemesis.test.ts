import { describe, expect, it } from 'vitest';
import { drawNemesis, nemesisKinds, resolveFaultSpace, drawPct } from '../../../src/runtime/explore/index.ts';
import { defaultNetworkOptions, isTroupeError } from '../../../src/runtime/index.ts';

const actors = ['n1', 'n2', 'n3', 'n4', 'n5'];
const network = { ...defaultNetworkOptions, delayMsMin: 2, delayMsMax: 20 };

describe('nemesis', () => {
  it('draws the same schedule for the same seed and different ones for different seeds', () => {
    const space = resolveFaultSpace({}, actors, 10_000);
    expect(drawNemesis(7, space, network)).toEqual(drawNemesis(7, space, network));
    const distinct = new Set(Array.from({ length: 20 }, (_, seed) => JSON.stringify(drawNemesis(seed, space, network))));
    expect(distinct.size).toBeGreaterThan(15);
  });

  it('keeps every fault inside the fault phase, leaving the quiet phase free', () => {
    const space = resolveFaultSpace({ quietMs: 4_000 }, actors, 10_000);
    for (let seed = 0; seed < 200; seed++) {
      for (const fault of drawNemesis(seed, space, network)) expect(fault.atMs).toBeLessThanOrEqual(6_000);
    }
  });

  it('draws every shape over many seeds and only the declared shapes and targets when restricted', () => {
    const all = resolveFaultSpace({}, actors, 10_000);
    const actions = new Set<string>();
    for (let seed = 0; seed < 300; seed++) for (const fault of drawNemesis(seed, all, network)) actions.add(fault.action);
    expect([...actions].sort()).toEqual(['clock', 'crash', 'cut', 'duplicate', 'heal', 'loss', 'partition', 'pause', 'resume'].sort());
    const narrow = resolveFaultSpace({ nemeses: ['pause'], targets: ['n2'] }, actors, 10_000);
    for (let seed = 0; seed < 50; seed++) {
      for (const fault of drawNemesis(seed, narrow, network)) {
        expect(['pause', 'resume']).toContain(fault.action);
        expect((fault as unknown as { targets: string[] }).targets).toEqual(['n2']);
      }
    }
    expect(nemesisKinds).toContain('kill-leader');
  });

  it('kills the leader through a selector resolved when the fault fires', () => {
    const space = resolveFaultSpace({ nemeses: ['kill-leader'], leader: { fact: 'state', equals: 'primary' } }, actors, 10_000);
    const [fault] = drawNemesis(3, space, network);
    expect(fault).toMatchObject({ action: 'crash', targets: { fact: 'state', equals: 'primary' } });
  });

  it('rejects a fault space naming unknown shapes or actors', () => {
    expect(() => resolveFaultSpace({ targets: ['n9'] }, actors, 10_000)).toThrow(/unknown actor 'n9'/);
    let caught: unknown;
    try {
      resolveFaultSpace({ nemeses: ['meteor' as never] }, actors, 10_000);
    } catch (error) {
      caught = error;
    }
    expect(isTroupeError(caught, 'SCENARIO_INVALID')).toBe(true);
  });
});

describe('PCT plan', () => {
  it('gives each sender a distinct delay band inside the network bounds, highest priority fastest', () => {
    const plan = drawPct(5, actors, network, { depth: 3, changeEndMs: 5_000 });
    expect(plan.links).toHaveLength(actors.length);
    const bands = plan.priorities.map((actor) => plan.links.find((link) => link.from === actor)!);
    for (const band of bands) {
      expect(band.delayMsMin!).toBeGreaterThanOrEqual(network.delayMsMin);
      expect(band.delayMsMax!).toBeLessThanOrEqual(network.delayMsMax + 1e-9);
    }
    for (let i = 1; i < bands.length; i++) expect(bands[i]!.delayMsMin!).toBeGreaterThanOrEqual(bands[i - 1]!.delayMsMax! - 1e-9);
  });

  it('has depth-1 change points, each moving the top sender below every initial band', () => {
    const plan = drawPct(9, actors, network, { depth: 3, changeEndMs: 5_000 });
    expect(plan.faults).toHaveLength(2);
    const slowestInitial = Math.max(...plan.links.map((link) => link.delayMsMin!));
    for (const fault of plan.faults) {
      expect(fault.action).toBe('delay');
      expect((fault as { delayMsMin: number }).delayMsMin).toBeGreaterThan(slowestInitial);
      expect(fault.atMs).toBeLessThan(5_000);
    }
    expect((plan.faults[0] as { link: { from: string } }).link.from).toBe(plan.priorities[0]);
  });
});
