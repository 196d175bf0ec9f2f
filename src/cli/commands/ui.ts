/**
 * `troupe ui [scenario]`: the live supervision UI. Runs the scenario (paced by default)
 * and serves the page; without a scenario the page opens saved traces only. Bound to
 * 127.0.0.1 unless --host says otherwise, which then needs --token (or TROUPE_UI_TOKEN,
 * which keeps the token out of the process list). The token is never printed.
 */
import type { Command } from '../command.ts';
import { exitCodes } from '../command.ts';
import { intFlag, numberFlag, parseArgs } from '../args.ts';
import { TroupeError } from '../../runtime/errors.ts';
import { defaultUiPort, startUiServer } from '../../web/index.ts';

const flags = {
  seed: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  token: { type: 'string' },
  pacing: { type: 'string' },
  speed: { type: 'string' },
  workers: { type: 'boolean' },
} as const;

const usage = `troupe ui [scenario.ts] [--seed N] [--port ${defaultUiPort}] [--host 127.0.0.1] [--token T] [--pacing paced|realtime] [--speed X|max] [--workers]`;

const command: Command = {
  name: 'ui',
  summary: 'watch, steer and replay a scenario in the browser',
  usage,
  async run(args) {
    const { positionals, flags: parsed } = parseArgs(args, flags);
    if (positionals.length > 1) throw new TroupeError('USAGE', `expected at most one scenario file, got ${positionals.length}`);
    const pacing = (parsed.pacing as string | undefined) ?? 'paced';
    if (pacing !== 'paced' && pacing !== 'realtime') throw new TroupeError('USAGE', `--pacing must be paced or realtime, got '${pacing}'`);
    const token = (parsed.token as string | undefined) ?? process.env.TROUPE_UI_TOKEN;
    const ui = await startUiServer({
      ...(positionals[0] === undefined ? {} : { scenarioPath: positionals[0] }),
      seed: intFlag(parsed, 'seed', 1, 0, 0x7fffffff),
      port: intFlag(parsed, 'port', defaultUiPort, 0, 65535),
      host: (parsed.host as string | undefined) ?? '127.0.0.1',
      ...(token === undefined || token === '' ? {} : { token }),
      pacing,
      speed: numberFlag(parsed, 'speed', 1, true),
      actorHost: parsed.workers === true ? 'worker' : 'inline',
    });
    const what = positionals[0] === undefined ? 'replay only (open a trace in the page)' : `${positionals[0]} seed ${intFlag(parsed, 'seed', 1, 0, 0x7fffffff)}, ${pacing}`;
    process.stdout.write(`troupe ui: ${what}\nopen ${ui.url}${token ? '?token=<your token>' : ''}\npress Ctrl+C to stop\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await ui.close();
    return exitCodes.ok;
  },
};

export default command;
