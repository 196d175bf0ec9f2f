/**
 * The demo a newcomer sees with `npm start`: the whole mirror (12 bulbs, the Pi, 2 strips)
 * going through one disturbance after another, so the UI always has something to show.
 *
 * One cycle of `cycleMs` (fractions of it below), repeated for as long as the run lasts:
 *   6%  the heart rate changes (the Pi measures it and versions it; gossip spreads it)
 *  13%  the leader crashes; it restarts from scratch at 26% and, highest again, retakes the lead
 *  37%  the bulbs split 6/6, each half with its strip (the Pi with the right half); healed at 50%
 *  60%  the heart rate changes again
 *  70%  15% of messages are lost for a tenth of the cycle
 *  87%  strip-2 drops off the network; its six bulbs report failed commands; back at 97%
 *
 * The default run is one 90 s cycle (events every ~10 s), so that the scenario determinism
 * test (every scenario, 3 seeds, inline twice and in workers) stays fast: a 90 s run is
 * ~77,000 trace records. Longer runs repeat the cycle (the schedule is generated for
 * `horizonMs`): `--duration-ms 600000 --param cycleMs=150000` is ten minutes with an
 * event every ~15-25 s.
 */
import { defineScenario, safety, type Check, type ScheduledFault } from '../../src/runtime/index.ts';
import { blinkGapCheck, bpmSpreadCheck, electionChecks, mirrorActors, relayAccountedCheck, stripOutageChecks } from '../../src/actors/mirror/index.ts';

type DemoParams = { cycleMs: number };

/** Fault and heart-rate schedules are generated this far ahead (runs longer than this go quiet). */
const horizonMs = 60 * 60_000;
const left = ['bulb-1', 'bulb-2', 'bulb-3', 'bulb-4', 'bulb-5', 'bulb-6', 'strip-1'];
const right = ['bulb-7', 'bulb-8', 'bulb-9', 'bulb-10', 'bulb-11', 'bulb-12', 'strip-2', 'mirror-pi'];
/** Heart rates the person goes through, in turn (each at least 3 BPM from the last: the Pi versions it). */
const heartRatesBpm = [88, 64, 100, 76, 58, 92];

function cycleStarts(cycleMs: number): number[] {
  return Array.from({ length: Math.ceil(horizonMs / cycleMs) }, (_, i) => i * cycleMs);
}

function demoFaults({ params }: { params: DemoParams }): ScheduledFault[] {
  const at = (start: number, fraction: number) => start + Math.round(fraction * params.cycleMs);
  return cycleStarts(params.cycleMs).flatMap((start): ScheduledFault[] => [
    { atMs: at(start, 0.13), action: 'crash', targets: { fact: 'role', equals: 'leader' }, restartAfterMs: at(0, 0.13) },
    { atMs: at(start, 0.37), action: 'partition', groups: [left, right] },
    { atMs: at(start, 0.5), action: 'heal' },
    { atMs: at(start, 0.7), action: 'loss', probability: 0.15 },
    { atMs: at(start, 0.8), action: 'loss', probability: 0 },
    { atMs: at(start, 0.87), action: 'partition', groups: [['strip-2']] },
    { atMs: at(start, 0.97), action: 'heal' },
  ]);
}

function demoHeartRate(cycleMs: number): { fromMs: number; bpm: number }[] {
  const changes = cycleStarts(cycleMs).flatMap((start) => [start + Math.round(0.06 * cycleMs), start + Math.round(0.6 * cycleMs)]);
  return [{ fromMs: 0, bpm: 72 }, ...changes.map((fromMs, i) => ({ fromMs, bpm: heartRatesBpm[i % heartRatesBpm.length]! }))];
}

const defaultCycleMs = 90_000;

/** Each time `strip` is cut off alone, its bulbs report a failed command within `withinMs` (read from the fault records, so any cycle length works). */
function everyOutageReported(options: { strip: string; withinMs: number }): Check {
  return safety(`every outage of ${options.strip} is reported by its bulbs within ${options.withinMs} ms`, (view) => {
    const failures = view.facts('relay.failed').filter((fact) => (fact.value as { strip: string }).strip === options.strip);
    for (const record of view.ofKind('fault')) {
      const fault = record.fault;
      if (fault.action !== 'partition' || fault.groups.length !== 1 || fault.groups[0]!.join() !== options.strip) continue;
      if (record.t + options.withinMs >= view.durationMs) continue;
      if (!failures.some((fact) => fact.t >= record.t && fact.t <= record.t + options.withinMs)) return { atMs: record.t + options.withinMs, detail: `${options.strip} was cut off at ${record.t} ms and no bulb reported it` };
    }
    return undefined;
  });
}

export default defineScenario<DemoParams>({
  name: 'mirror/demo',
  description: 'The tour: 12 bulbs blink to the Pi\'s heart-rate reading while the leader crashes and returns, the bulbs split 6/6 and heal, messages get lost and a strip drops out, every ~10 s',
  durationMs: defaultCycleMs,
  params: { cycleMs: defaultCycleMs },
  actors: ({ seed, params }) => mirrorActors(seed, { bpmSchedule: demoHeartRate(params.cycleMs) }),
  network: { delayMsMin: 1, delayMsMax: 10 },
  faults: demoFaults,
  checks: [
    // 6 s: detection (suspect timeout 3-4.5 s plus a heartbeat) and one election round.
    ...electionChecks({ startupBoundMs: 1000, electionBoundMs: 6000 }),
    bpmSpreadCheck({ roundsMax: 8, roundMs: 500, firstWithinMs: 12_000 }),
    blinkGapCheck({ gapMsMax: 2000 }),
    relayAccountedCheck({ graceMs: 2000 }),
    everyOutageReported({ strip: 'strip-2', withinMs: 3000 }),
    // strip-1 is never cut off, so it switches throughout (the liveness half is for one fixed outage: see above).
    stripOutageChecks({ down: 'strip-2', working: 'strip-1', fromMs: 0, withinMs: 0, gapMsMax: 2000 })[1]!,
  ],
});
