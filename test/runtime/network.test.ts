import { caught } from '../support/caught.ts';
import { describe, expect, it } from 'vitest';
import { NetworkModel, defaultNetworkOptions, type NetworkOptions, type RouteOutcome } from '../../src/runtime/network.ts';
import { SeededRandom } from '../../src/runtime/rng.ts';
import { defineScenario, runScenario } from '../../src/runtime/index.ts';
import { ticker } from '../fixtures/machines.ts';

function network(options: Partial<NetworkOptions> = {}, seed = 1): NetworkModel {
  return new NetworkModel({ ...defaultNetworkOptions, ...options }, new SeededRandom(seed));
}

function delivered(outcome: RouteOutcome): number[] {
  if (!outcome.delivered) throw new Error(`expected delivery, got drop (${outcome.reason})`);
  return outcome.deliverAtMs;
}

/** Four binomial standard deviations of a rate estimated from n trials. */
function band(p: number, n: number): number {
  return 4 * Math.sqrt((p * (1 - p)) / n);
}

describe('partitions and cuts', () => {
  it('drops a message across a partition with reason partition; unlisted actors form one more group', () => {
    const net = network();
    net.partition([['a'], ['b']]);
    expect(net.route('a', 'b', 0)).toEqual({ delivered: false, reason: 'partition' });
    expect(net.route('b', 'a', 0)).toEqual({ delivered: false, reason: 'partition' });
    // c and d are in no listed group: they reach each other, but neither a nor b.
    expect(net.route('c', 'd', 0).delivered).toBe(true);
    expect(net.route('c', 'a', 0)).toEqual({ delivered: false, reason: 'partition' });
    expect(net.route('b', 'd', 0)).toEqual({ delivered: false, reason: 'partition' });
    expect(net.route('a', 'a', 0).delivered).toBe(true);
  });

  it('a later partition replaces the earlier one', () => {
    const net = network();
    net.partition([['a'], ['b', 'c']]);
    net.partition([['a', 'b'], ['c']]);
    expect(net.route('a', 'b', 0).delivered).toBe(true);
    expect(net.route('b', 'c', 0)).toEqual({ delivered: false, reason: 'partition' });
  });

  it('a cut is one-way', () => {
    const net = network();
    net.cut('a', 'b');
    expect(net.route('a', 'b', 0)).toEqual({ delivered: false, reason: 'partition' });
    expect(net.route('b', 'a', 0).delivered).toBe(true);
    expect(net.route('a', 'c', 0).delivered).toBe(true);
  });

  it('heal removes partitions and cuts but keeps loss settings', () => {
    const net = network({ lossProbability: 1 });
    net.partition([['a'], ['b']]);
    net.cut('c', 'd');
    net.heal();
    expect(net.isBlocked('a', 'b')).toBe(false);
    expect(net.isBlocked('c', 'd')).toBe(false);
    expect(net.route('a', 'b', 0)).toEqual({ delivered: false, reason: 'loss' });
    expect(net.describe().groups).toEqual([]);
    expect(net.describe().cuts).toEqual([]);
  });

  it('describe reports the groups and cuts in force', () => {
    const net = network();
    net.partition([['a', 'b'], ['c']]);
    net.cut('b', 'c');
    expect(net.describe().groups).toEqual([['a', 'b'], ['c']]);
    expect(net.describe().cuts).toEqual([['b', 'c']]);
  });
});

describe('loss, delay and duplication (seeded)', () => {
  const n = 10_000;

  it('loses messages at the configured rate within 4 sigma (p=0.2, n=10k: ±0.016)', () => {
    const p = 0.2;
    const net = network({ lossProbability: p }, 7);
    let lost = 0;
    for (let i = 0; i < n; i++) {
      const outcome = net.route('a', 'b', i);
      if (!outcome.delivered) {
        expect(outcome.reason).toBe('loss');
        lost++;
      }
    }
    expect(band(p, n)).toBeCloseTo(0.016, 3);
    expect(Math.abs(lost / n - p)).toBeLessThan(band(p, n));
  });

  it('the same seed routes the same way; another seed differently', () => {
    const fates = (seed: number) => {
      const net = network({ lossProbability: 0.3, delayMsMin: 1, delayMsMax: 50 }, seed);
      return Array.from({ length: 200 }, (_, i) => JSON.stringify(net.route('a', 'b', i)));
    };
    expect(fates(3)).toEqual(fates(3));
    expect(fates(3)).not.toEqual(fates(4));
  });

  it('delays every message within [delayMsMin, delayMsMax] and uses the whole range', () => {
    const net = network({ delayMsMin: 5, delayMsMax: 25 }, 11);
    const delays = Array.from({ length: 2_000 }, () => delivered(net.route('a', 'b', 100))[0]! - 100);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...delays)).toBeLessThanOrEqual(25);
    expect(Math.min(...delays)).toBeLessThan(5.5);
    expect(Math.max(...delays)).toBeGreaterThan(24.5);
  });

  it('a fixed delay (min = max) is exact', () => {
    const net = network({ delayMsMin: 4, delayMsMax: 4 });
    expect(delivered(net.route('a', 'b', 10))).toEqual([14]);
  });

  it('duplicates messages at the configured rate (p=0.1, n=10k: ±0.012)', () => {
    const p = 0.1;
    const net = network({ duplicateProbability: p }, 5);
    let duplicated = 0;
    for (let i = 0; i < n; i++) {
      const at = delivered(net.route('a', 'b', i));
      expect(at.length === 1 || at.length === 2).toBe(true);
      if (at.length === 2) duplicated++;
    }
    expect(Math.abs(duplicated / n - p)).toBeLessThan(band(p, n));
  });

  it('ordered keeps per-link FIFO even when delays would reorder; unordered does reorder', () => {
    const arrivals = (ordered: boolean, from: string) => {
      const net = network({ ordered, delayMsMin: 1, delayMsMax: 100, duplicateProbability: 0.2 }, 9);
      const out: number[] = [];
      for (let i = 0; i < 500; i++) out.push(...delivered(net.route(from, 'b', i)));
      return out;
    };
    const fifo = arrivals(true, 'a');
    for (let i = 1; i < fifo.length; i++) expect(fifo[i]!).toBeGreaterThanOrEqual(fifo[i - 1]!);
    const udp = arrivals(false, 'a');
    expect(udp.some((t, i) => i > 0 && t < udp[i - 1]!)).toBe(true);
  });

  it('ordered is per link: a slow link does not hold back another', () => {
    const net = network({ ordered: true, delayMsMin: 1, delayMsMax: 1, links: [{ from: 'a', to: 'b', delayMsMin: 500, delayMsMax: 500 }] });
    expect(delivered(net.route('a', 'b', 0))).toEqual([500]);
    expect(delivered(net.route('a', 'c', 1))).toEqual([2]);
    expect(delivered(net.route('c', 'b', 1))).toEqual([2]);
  });
});

describe('per-link overrides', () => {
  it('apply to the named direction only, with * wildcards, later entries winning', () => {
    const net = network({
      delayMsMin: 1,
      delayMsMax: 1,
      links: [
        { from: 'a', to: 'b', lossProbability: 1 },
        { from: '*', to: 'c', delayMsMin: 50, delayMsMax: 50 },
        { from: 'b', to: 'c', delayMsMin: 7, delayMsMax: 7 },
      ],
    });
    expect(net.route('a', 'b', 0)).toEqual({ delivered: false, reason: 'loss' });
    expect(delivered(net.route('b', 'a', 0))).toEqual([1]);
    expect(delivered(net.route('a', 'c', 0))).toEqual([50]);
    expect(delivered(net.route('b', 'c', 0))).toEqual([7]);
  });

  it('configure with a link adds an override; without one changes every link', () => {
    const net = network({ delayMsMin: 1, delayMsMax: 1 });
    net.configure({ lossProbability: 1 }, { from: 'a', to: '*' });
    expect(net.route('a', 'b', 0).delivered).toBe(false);
    expect(net.route('b', 'a', 0).delivered).toBe(true);
    net.configure({ delayMsMin: 3, delayMsMax: 3 });
    expect(delivered(net.route('b', 'a', 0))).toEqual([3]);
  });
});

describe('lookahead', () => {
  it('is the least delayMsMin of the defaults and every link', () => {
    expect(network({ delayMsMin: 5, delayMsMax: 10 }).lookaheadMs()).toBe(5);
    const net = network({ delayMsMin: 5, delayMsMax: 10, links: [{ from: 'a', to: 'b', delayMsMin: 2 }, { from: 'b', to: 'a', lossProbability: 0.5 }] });
    expect(net.lookaheadMs()).toBe(2);
    net.configure({ delayMsMin: 1, delayMsMax: 1 }, { from: 'c', to: 'a' });
    expect(net.lookaheadMs()).toBe(1);
  });
});

describe('uplink bandwidth', () => {
  it('queues a sender\'s messages behind one another; other senders are not held up', () => {
    const net = network({ delayMsMin: 1, delayMsMax: 1, uplinkBytesPerMs: 10 });
    // 100 bytes at 10 bytes/ms: 10 ms on the wire each.
    expect(delivered(net.route('a', 'b', 0, 100))).toEqual([11]);
    expect(delivered(net.route('a', 'c', 0, 100))).toEqual([21]);
    expect(delivered(net.route('a', 'b', 5, 100))).toEqual([31]);
    expect(delivered(net.route('z', 'b', 5, 100))).toEqual([16]);
    // Once the uplink is idle again, no queueing.
    expect(delivered(net.route('a', 'b', 1_000, 50))).toEqual([1_006]);
  });

  it('is applied by the supervisor: a big payload arrives later than the delay alone', async () => {
    const scenario = defineScenario({
      name: 'fixtures/uplink',
      description: 'a pings b every 100 ms over a 1 byte/ms uplink',
      durationMs: 350,
      actors: [{ id: 'a', machine: ticker, input: { peer: 'b' } }, { id: 'b', machine: ticker, input: { periodMs: 10_000 } }],
      network: { delayMsMin: 1, delayMsMax: 1, uplinkBytesPerMs: 1 },
    });
    const run = await runScenario(scenario, { host: 'inline' });
    const sends = run.records.filter((r) => r.kind === 'send');
    expect(sends.length).toBe(3);
    for (const send of sends) {
      const wireMs = JSON.stringify(send.kind === 'send' ? send.event : null).length; // 1 byte/ms
      expect(send.kind === 'send' && send.deliverAtMs[0]).toBe(send.t + wireMs + 1);
    }
  });
});

describe('invalid options', () => {
  it.each([
    [{ delayMsMin: -1 }, 'delayMsMin'],
    [{ delayMsMin: Number.NaN }, 'delayMsMin'],
    [{ delayMsMin: 10, delayMsMax: 5 }, 'delayMsMax'],
    [{ lossProbability: 1.5 }, 'lossProbability'],
    [{ duplicateProbability: -0.1 }, 'duplicateProbability'],
  ] as [Partial<NetworkOptions>, string][])('%j is SCENARIO_INVALID naming %s', (options, field) => {
    const error = caught(() => network(options));
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.detail.field).toBe(field);
    expect(error.message).toContain(field);
  });

  it('a scenario with a bad network is SCENARIO_INVALID naming the field', () => {
    const error = caught(() => defineScenario({
      name: 'fixtures/bad-network', description: 'x', durationMs: 10,
      actors: [{ id: 'a', machine: ticker }], network: { lossProbability: 2 },
    }));
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.message).toMatch(/network.*lossProbability/);
  });

  it('configure rejects a bad change and leaves the network as it was', () => {
    const net = network({ delayMsMin: 1, delayMsMax: 1 });
    expect(caught(() => net.configure({ delayMsMin: 5, delayMsMax: 2 })).detail.field).toBe('delayMsMax');
    expect(delivered(net.route('a', 'b', 0))).toEqual([1]);
  });

  it('a per-link override with a bad value is rejected up front, naming the link and field', () => {
    const error = caught(() => network({ links: [{ from: 'a', to: 'b', lossProbability: 5 }] }));
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.message).toContain('lossProbability');
    expect(error.message).toMatch(/links\[0\]|a->b/);
  });

  it('a negative uplink capacity is rejected rather than silently meaning unlimited', () => {
    const error = caught(() => network({ uplinkBytesPerMs: -5 }));
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.detail.field).toBe('uplinkBytesPerMs');
  });
});

describe('shared uplinks', () => {
  it('queue the members of a group on one link, so a second sender slows the first; others keep their own', () => {
    const options = { ...defaultNetworkOptions, delayMsMin: 1, delayMsMax: 1, uplinks: [{ members: ['pi-1', 'pi-2'], bytesPerMs: 10 }] };
    const network = new NetworkModel(options, new SeededRandom(1));
    // 100 bytes at 10 bytes/ms: 10 ms on the wire, then 1 ms delay.
    expect(network.route('pi-1', 'hub', 0, 100)).toEqual({ delivered: true, deliverAtMs: [11] });
    // pi-2 shares the uplink: it waits for pi-1's message to leave.
    expect(network.route('pi-2', 'hub', 0, 100)).toEqual({ delivered: true, deliverAtMs: [21] });
    // pi-3 is in no group and there is no per-sender limit: it goes at once.
    expect(network.route('pi-3', 'hub', 0, 100)).toEqual({ delivered: true, deliverAtMs: [1] });
  });

  it('are validated: a member in two groups and a zero capacity are rejected, naming the uplink', () => {
    const twice = { ...defaultNetworkOptions, uplinks: [{ members: ['a'], bytesPerMs: 1 }, { members: ['a'], bytesPerMs: 1 }] };
    expect(() => new NetworkModel(twice, new SeededRandom(1))).toThrow(/'a' is in two shared uplinks \(uplinks\[1\]\)/);
    const zero = { ...defaultNetworkOptions, uplinks: [{ members: ['a'], bytesPerMs: 0 }] };
    expect(() => new NetworkModel(zero, new SeededRandom(1))).toThrow(/uplinks\[0\]\.bytesPerMs must be a number > 0/);
  });
});
