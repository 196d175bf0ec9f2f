/**
 * `troupe chat`: chat through the replicated chat service from a terminal.
 *
 * - `troupe chat --serve [--port 8090] [--data-dir .troupe/chat] [--load 0] [--seats 4] [--workers]`
 *   runs the chat system in realtime pacing behind a WebSocket gateway on 127.0.0.1;
 * - `troupe chat --server ws://127.0.0.1:8090` connects this terminal to a running gateway;
 * - `troupe chat` alone does both: a gateway on a free port, and this terminal connected to it.
 *
 * In the terminal: `/create ann`, `/login ann`, `/list a*`, `/fetch`, `/delete ann`,
 * `@bob hello there` (send), `/quit`.
 */
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';
import type { Command } from '../command.ts';
import { intFlag, parseArgs } from '../args.ts';
import { TroupeError } from '../../runtime/errors.ts';
import { ChatGateway, type GatewayCommand, type GatewayEvent } from '../../devices/chatGateway/index.ts';

const usage = 'troupe chat [--serve] [--server ws://127.0.0.1:PORT] [--port N] [--data-dir DIR] [--load N] [--seats N] [--workers]';

/**
 * Turns a line typed by a person into a gateway command; undefined for `/quit`.
 *
 * @example
 * parseLine('@bob hi there') // => { kind: 'send', to: 'bob', text: 'hi there' }
 */
export function parseLine(line: string): GatewayCommand | 'quit' | 'help' {
  const text = line.trim();
  const at = /^@(\S+)\s+(.+)$/s.exec(text);
  if (at !== null) return { kind: 'send', to: at[1]!, text: at[2]! };
  const [word, ...rest] = text.split(/\s+/);
  const arg = rest.join(' ');
  const need = (what: string) => {
    if (arg === '') throw new TroupeError('CHAT_COMMAND_INVALID', `${word} needs ${what}`);
    return arg;
  };
  switch (word) {
    case '/create':
    case '/login':
    case '/delete':
      return { kind: word.slice(1) as 'create' | 'login' | 'delete', name: need('an account name') };
    case '/list':
      return { kind: 'list', pattern: arg === '' ? '*' : arg };
    case '/fetch':
      return { kind: 'fetch' };
    case '/quit':
      return 'quit';
    default:
      return 'help';
  }
}

/** One line of terminal output for a gateway event. */
export function describeEvent(event: GatewayEvent): string {
  switch (event.type) {
    case 'hello':
      return `connected (seat ${event.slot}${event.leader === null ? '' : `, leader ${event.leader}`}); /create NAME or /login NAME to start`;
    case 'leader':
      return `* ${event.leader} now leads`;
    case 'message':
      return `<${event.message.from}> ${event.message.text}`;
    case 'failed':
      return `! ${event.op.kind} failed: ${event.reason}`;
    case 'error':
      return `! ${event.code}: ${event.message}`;
    case 'result': {
      const r = event.result;
      if (!r.ok) return `! ${event.op.kind}: ${r.error}`;
      if (event.op.kind === 'list') return `accounts: ${(r.names ?? []).join(', ') || '(none)'}`;
      if (event.op.kind === 'login') return `logged in as ${event.op.name}, ${r.unread ?? 0} unread`;
      if (event.op.kind === 'fetch') return `${r.messages?.length ?? 0} waiting message(s)`;
      if (event.op.kind === 'send') return `sent to ${event.op.to}`;
      return `${event.op.kind} ok`;
    }
  }
}

async function connectTerminal(url: string): Promise<number> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', (error) => reject(new TroupeError('CHAT_GATEWAY', `cannot connect to ${url}: ${error.message}`)));
  });
  const lines = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  socket.on('message', (data) => process.stdout.write(describeEvent(JSON.parse(data.toString()) as GatewayEvent) + '\n'));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    try {
      const command = parseLine(line);
      if (command === 'quit') return socket.close();
      if (command === 'help') return void process.stdout.write('commands: /create NAME, /login NAME, /list PATTERN, /fetch, /delete NAME, @NAME text, /quit\n');
      socket.send(JSON.stringify(command));
    } catch (error) {
      process.stdout.write(`! ${(error as Error).message}\n`);
    }
  });
  lines.on('close', () => socket.close());
  await closed;
  lines.close();
  return 0;
}

const chat: Command = {
  name: 'chat',
  summary: 'chat through the replicated chat service (realtime, WebSocket on 127.0.0.1)',
  usage,
  async run(args) {
    const { flags, positionals } = parseArgs(args, {
      serve: { type: 'boolean' }, server: { type: 'string' }, port: { type: 'string' }, dataDir: { type: 'string' },
      load: { type: 'string' }, seats: { type: 'string' }, workers: { type: 'boolean' },
    });
    if (positionals.length > 0) throw new TroupeError('USAGE', `unexpected argument '${positionals[0]}'`);
    if (typeof flags.server === 'string') return connectTerminal(flags.server);
    const gateway = await ChatGateway.start({
      port: intFlag(flags, 'port', flags.serve === true ? 8090 : 0, 0, 65_535),
      ...(typeof flags.dataDir === 'string' ? { dataDir: flags.dataDir } : {}),
      load: intFlag(flags, 'load', 0, 0, 64),
      humans: intFlag(flags, 'seats', 4, 1, 64),
      actorHost: flags.workers === true ? 'worker' : 'inline',
    });
    const url = `ws://127.0.0.1:${gateway.port}`;
    process.stderr.write(`chat gateway on ${url} (realtime; Ctrl-C stops)\n`);
    const stop = () => void gateway.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    if (flags.serve === true) {
      await gateway.done;
      return 0;
    }
    const code = await connectTerminal(url);
    await gateway.close();
    return code;
  },
};

export default chat;
