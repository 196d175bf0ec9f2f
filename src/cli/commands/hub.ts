/**
 * `troupe hub --token T [--port 8080] [--host 127.0.0.1] [--handlers 16]`: runs the data hub
 * server (src/datahub/hubServer.ts): agents connect to ws://HOST:PORT/agent with the token,
 * browsers open http://HOST:PORT/. The token may also come from TROUPE_HUB_TOKEN.
 */
import type { Command } from '../command.ts';
import { exitCodes } from '../command.ts';
import { intFlag, parseArgs } from '../args.ts';
import { startDataHub } from '../../datahub/hubServer.ts';
import { TroupeError } from '../../runtime/errors.ts';

const flags = {
  token: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  handlers: { type: 'string' },
  workers: { type: 'boolean' },
} as const;

const usage = 'troupe hub --token T [--port 8080] [--host 127.0.0.1] [--handlers 16] [--workers]';

const command: Command = {
  name: 'hub',
  summary: 'run the sensor data hub: agents stream to it, browsers watch live views',
  usage,
  async run(args) {
    const { flags: parsed } = parseArgs(args, flags);
    const token = (parsed.token as string | undefined) ?? process.env.TROUPE_HUB_TOKEN;
    if (token === undefined) throw new TroupeError('USAGE', `--token is required; usage: ${usage}`);
    const hub = await startDataHub({
      token,
      port: intFlag(parsed, 'port', 8080, 0, 65_535),
      host: String(parsed.host ?? '127.0.0.1'),
      handlers: intFlag(parsed, 'handlers', 16, 1, 256),
      actorHost: parsed.workers ? 'worker' : 'inline',
    });
    console.log(`data hub on ${hub.url} (agents: ws://${hub.url.slice(7)}/agent)`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await hub.close();
    return exitCodes.ok;
  },
};

export default command;
