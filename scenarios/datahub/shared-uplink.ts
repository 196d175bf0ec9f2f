import { defineScenario, type Check } from '../../src/runtime/index.ts';
import { datahubChecks, latencyBounded } from '../../src/actors/datahub/index.ts';
import { hubActors, piActors, readerActor, routerActor } from './system.ts';

const ROUTER = 'home-router';
const joinMs = 8_000;

/** pi-1's video reached the hub more slowly once pi-3 shared the uplink. */
function slowedByNewcomer(source: string): Check {
  return {
    name: `${source} slows down when pi-3 joins the shared uplink`,
    check(view) {
      const rate = (fromMs: number, toMs: number) => {
        const facts = view.facts('datahub.stats').filter((f) => (f.value as { source: string }).source === source && f.t >= fromMs && f.t < toMs);
        return facts.reduce((sum, f) => sum + (f.value as { receivedPerS: number }).receivedPerS, 0) / Math.max(1, facts.length);
      };
      const before = rate(3_000, joinMs);
      const after = rate(joinMs + 4_000, view.durationMs);
      const detail = `${source} received ${before.toFixed(1)} frames/s alone with pi-2, ${after.toFixed(1)} with pi-3 too`;
      return after < before * 0.95 ? { ok: true, detail } : { ok: false, detail, atMs: view.durationMs };
    },
  };
}

export default defineScenario({
  name: 'datahub/shared-uplink',
  description: 'Three Pis share one home uplink (40 bytes/ms); pi-3 joins at 8 s: the others slow down, and backpressure (fewer, smaller frames) keeps latency bounded',
  durationMs: 20_000,
  params: { adapt: true },
  actors: ({ params }) => [
    ...hubActors(3),
    routerActor(ROUTER),
    ...piActors('pi-1', ['video'], { via: ROUTER, adapt: params.adapt }),
    ...piActors('pi-2', ['video'], { via: ROUTER, adapt: params.adapt }),
    ...piActors('pi-3', ['video'], { via: ROUTER, adapt: params.adapt, powerOnAtMs: joinMs }),
    readerActor('screen', 'pi-1.video', 'latest'),
  ],
  network: { delayMsMin: 1, delayMsMax: 5, ordered: true, uplinkBytesPerMs: 40 },
  checks: [...datahubChecks, slowedByNewcomer('pi-1.video'), latencyBounded('screen', 800)],
});
