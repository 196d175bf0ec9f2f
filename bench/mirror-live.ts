/**
 * The mirror live, by hand: two mPower SSH emulators on 127.0.0.1, the mirror in realtime
 * pacing, each strip actor's `relay` facts bridged to a real MpowerDriver
 * (scenarios/mirror/relayBridge.ts: a bridge, not a device host). Prints the emulators'
 * relays twice a second and the relay latency at the end, as JSON lines.
 * Run: npx tsx bench/mirror-live.ts [durationMs]
 */
import { defineScenario, runScenario } from '../src/runtime/index.ts';
import { MpowerDriver, startMpowerEmulator } from '../src/devices/mpower/index.ts';
import { mirrorActors } from '../src/actors/mirror/index.ts';
import { bridgeRelays } from '../scenarios/mirror/relayBridge.ts';

const durationMs = Number(process.argv[2] ?? 10_000);
const password = 'mirror-live-demo';
const emulators = await Promise.all([1, 2].map(() => startMpowerEmulator({ outlets: 6, password })));
const drivers = Object.fromEntries(emulators.map((e, i) => [`strip-${i + 1}`, new MpowerDriver({ host: e.host, port: e.port, password, hostFingerprint: e.fingerprint, name: `strip-${i + 1}` })]));
const show = setInterval(() => console.log(JSON.stringify({ relays: emulators.map((e) => Array.from({ length: 6 }, (_, i) => (e.strip.relay(i + 1) ? '#' : '.')).join('')) })), 500);
let bridge: ReturnType<typeof bridgeRelays> | undefined;
const scenario = defineScenario({ name: 'mirror/live', description: 'the mirror live over SSH emulators', durationMs, actors: ({ seed }) => mirrorActors(seed, { piReportIntervalMs: 1000 }) });
await runScenario(scenario, { seed: 1, host: 'inline', pacing: 'realtime', onSupervisor: (supervisor) => (bridge = bridgeRelays(supervisor, drivers)) });
clearInterval(show);
await bridge!.drain();
bridge!.stop();
const latencies = [...bridge!.stats.latenciesMs].sort((a, b) => a - b);
console.log(JSON.stringify({ figure: 'relay-latency-live', ok: bridge!.stats.ok, failed: bridge!.stats.failed, p50Ms: latencies[Math.floor(latencies.length / 2)], p95Ms: latencies[Math.floor(latencies.length * 0.95)], maxMs: latencies[latencies.length - 1] }));
await Promise.all(Object.values(drivers).map((d) => d.close()));
await Promise.all(emulators.map((e) => e.close()));
