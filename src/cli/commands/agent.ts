/**
 * `troupe agent --hub ws://HOST:PORT --token T [--pi NAME] [--streams eeg,video,log]`: runs
 * a Pi's streamers on this machine and streams to a data hub (src/datahub/agent.ts). It
 * keeps searching while the hub is down; Ctrl-C shuts the streamers down (logs flushed).
 * The token may also come from TROUPE_HUB_TOKEN, which keeps it out of `ps`.
 */
import type { Command } from '../command.ts';
import { exitCodes } from '../command.ts';
import { intFlag, parseArgs } from '../args.ts';
import { Agent } from '../../datahub/agent.ts';
import { streamKinds, type StreamKind } from '../../actors/datahub/index.ts';
import { TroupeError } from '../../runtime/errors.ts';

const flags = {
  hub: { type: 'string' },
  token: { type: 'string' },
  pi: { type: 'string' },
  streams: { type: 'string' },
  seed: { type: 'string' },
  fps: { type: 'string' },
  frameBytes: { type: 'string' },
  searchPeriodMs: { type: 'string' },
  reconnectMs: { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

const usage = 'troupe agent --hub ws://HOST:PORT --token T [--pi pi-1] [--streams eeg,video,log] [--seed N] [--fps N] [--frame-bytes N] [--search-period-ms N] [--reconnect-ms N] [--quiet]';

const command: Command = {
  name: 'agent',
  summary: "run a Pi's streamers here and stream them to a data hub over WebSocket",
  usage,
  async run(args) {
    const { flags: parsed } = parseArgs(args, flags);
    const hubUrl = parsed.hub as string | undefined;
    const token = (parsed.token as string | undefined) ?? process.env.TROUPE_HUB_TOKEN;
    if (hubUrl === undefined || token === undefined) throw new TroupeError('USAGE', `--hub and --token are required; usage: ${usage}`);
    const kinds = String(parsed.streams ?? 'eeg,log').split(',') as StreamKind[];
    for (const kind of kinds) if (!streamKinds.includes(kind)) throw new TroupeError('USAGE', `--streams: unknown stream '${kind}'; known: ${streamKinds.join(', ')}`);
    const pi = String(parsed.pi ?? 'pi-1');
    if (!/^[\w-]{1,32}$/.test(pi)) throw new TroupeError('USAGE', `--pi must be 1-32 letters, digits, _ or -, got '${pi}'`);
    const fps = parsed.fps === undefined ? undefined : intFlag(parsed, 'fps', 10, 1, 120);
    const agent = new Agent({
      hubUrl, token, pi, kinds,
      seed: intFlag(parsed, 'seed', 1),
      reconnectMs: intFlag(parsed, 'reconnectMs', 1_000, 10),
      streamer: {
        searchPeriodMs: intFlag(parsed, 'searchPeriodMs', 5_000, 10),
        frameBytes: intFlag(parsed, 'frameBytes', 50_000, 64, 4_000_000),
        ...(fps === undefined ? {} : { fps, fpsMax: fps }),
      },
      onFact: parsed.quiet ? undefined : (actor, name, value) => {
        if (name === 'datahub.link' || name === 'datahub.control') console.log(`${new Date().toISOString()} ${actor} ${name} ${JSON.stringify(value)}`);
      },
    });
    agent.start();
    console.log(`agent ${pi}: streams ${kinds.join(', ')} to ${hubUrl} (Ctrl-C to shut down)`);
    await new Promise<void>((resolve) => {
      const shutdown = () => void agent.stop().then(resolve);
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });
    console.log(`agent ${pi}: shut down (${agent.stats.sent} envelopes sent, ${agent.stats.dropped} dropped while the hub was away)`);
    return exitCodes.ok;
  },
};

export default command;
