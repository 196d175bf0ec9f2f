/**
 * An mPower strip emulator: a real SSH server (ssh2's `Server`) backed by a `StripModel`.
 * It answers `exec` requests and interactive `shell` sessions with the strip's
 * commands and output format, so the driver (or a person with `ssh`) cannot tell it
 * from a strip, except that it speaks modern algorithms unless `legacyOnly` is set.
 *
 * Defaults: binds 127.0.0.1, user `ubnt`, password `ubnt` (the factory default), a
 * fresh ECDSA P-256 host key per start (RSA when `legacyOnly`), at most 16 connections.
 * The strip's virtual time follows wall time since start, as a real strip's meter does.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import ssh2 from 'ssh2';
import type { AuthContext, Connection, ServerChannel, Session } from 'ssh2';
import { TroupeError } from '../../runtime/errors.ts';
import type { MpowerModelId, MpowerModelInfo } from './boardModels.ts';
import { shellCommandLengthMax, type MiniShell } from './shell.ts';
import { hostKeyFingerprint, legacyDropbearAlgorithms } from './sshSecurity.ts';
import { StripModel } from './stripModel.ts';

const { Server: SshServer, utils: sshUtils } = ssh2;

/** Options of `startMpowerEmulator`; every field has a default. */
export interface MpowerEmulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Address to bind. Default 127.0.0.1. */
  readonly host?: string;
  readonly outlets?: number;
  readonly model?: MpowerModelId;
  /** Default `ubnt`. */
  readonly username?: string;
  /** Default `ubnt`. Never printed or logged. */
  readonly password?: string;
  /** Seed of the strip's meter noise. Default 1. */
  readonly seed?: number;
  /** Serve this strip instead of a new one (lets a test or scenario inspect and change it). */
  readonly strip?: StripModel;
  /** Offer only old Dropbear's algorithms (group1 kex, ssh-rsa host key, aes128-cbc), like old firmware. */
  readonly legacyOnly?: boolean;
  /**
   * Host private key (OpenSSH or PEM text), to keep one identity across restarts; default
   * a fresh key per start. Generate one with ssh2's `utils.generateKeyPairSync('ecdsa', { bits: 256 }).private`.
   */
  readonly hostKey?: string;
  /** Connections served at once; a connection past it is closed at once. Default 16. */
  readonly connectionsMax?: number;
}

/** A running emulator. */
export interface MpowerEmulator {
  readonly port: number;
  readonly host: string;
  /** `SHA256:…` fingerprint of the host key, for the driver's `hostFingerprint`. */
  readonly fingerprint: string;
  readonly model: MpowerModelInfo;
  /** The simulated strip behind the server. */
  readonly strip: StripModel;
  /** Cuts every open connection's socket abruptly (a pulled cable); returns how many were cut. */
  dropConnections(): number;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

/** BusyBox's greeting on real firmware, then the prompt (firmware version as on mFi 2.1.11). */
const shellBanner = '\r\n\r\nBusyBox v1.11.2 (2016-03-08 15:45:00 PST) built-in shell (ash)\r\nEnter \'help\' for a list of built-in commands.\r\n\r\n';
const shellPrompt = 'MF.v2.1.11# ';

/**
 * Starts an emulated mPower strip on an SSH port.
 *
 * @example
 * const emulator = await startMpowerEmulator({ outlets: 6, password: 'secret' });
 * // ssh ubnt@127.0.0.1 -p emulator.port 'cat /proc/power/relay1'
 * await emulator.close();
 */
export async function startMpowerEmulator(options: MpowerEmulatorOptions = {}): Promise<MpowerEmulator> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  const connectionsMax = options.connectionsMax ?? 16;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TroupeError('MPOWER_OPTION_INVALID', `port ${port} is not a TCP port; use 0..65535 (0 picks a free one)`, { option: 'port' });
  if (!Number.isInteger(connectionsMax) || connectionsMax < 1) throw new TroupeError('MPOWER_OPTION_INVALID', `connectionsMax ${connectionsMax} must be a positive integer`, { option: 'connectionsMax' });
  const strip = options.strip ?? new StripModel({ model: options.model, outlets: options.outlets, seed: options.seed });
  const credentials = { username: options.username ?? 'ubnt', password: options.password ?? 'ubnt' };
  const legacyOnly = options.legacyOnly ?? false;
  const hostKey = options.hostKey ?? generateHostKey(legacyOnly);
  const parsedKey = sshUtils.parseKey(hostKey);
  if (parsedKey instanceof Error) throw new TroupeError('MPOWER_OPTION_INVALID', `hostKey is not a private key ssh2 can read (${parsedKey.message})`, { option: 'hostKey' });
  const fingerprint = hostKeyFingerprint(parsedKey.getPublicSSH());

  const startedMs = performance.now();
  // Real time drives the strip here: this is a realtime server, not a simulation.
  const syncStripClock = (): void => strip.advance(Math.max(strip.nowMs, performance.now() - startedMs));
  const sshServer = new SshServer(
    {
      hostKeys: [hostKey],
      ident: 'dropbear_0.51',
      algorithms: legacyOnly ? { kex: [...legacyDropbearAlgorithms.kex], serverHostKey: [...legacyDropbearAlgorithms.serverHostKey], cipher: [...legacyDropbearAlgorithms.cipher] } : undefined,
    },
    (client) => serveConnection(client, credentials, strip, syncStripClock),
  );

  const sockets = new Set<Socket>();
  const tcpServer: NetServer = createServer((socket) => {
    if (sockets.size >= connectionsMax) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    // Dropbear disables Nagle on its socket too; without it each small reply waits for a delayed ACK (~40 ms).
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    sshServer.injectSocket(socket);
  });
  await new Promise<void>((resolve, reject) => {
    tcpServer.once('error', reject);
    tcpServer.listen(port, host, () => {
      tcpServer.off('error', reject);
      resolve();
    });
  });
  const address = tcpServer.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  let closed = false;

  return {
    port: boundPort,
    host,
    fingerprint,
    model: strip.model,
    strip,
    dropConnections(): number {
      const count = sockets.size;
      for (const socket of sockets) socket.destroy();
      return count;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => tcpServer.close(() => resolve()));
    },
  };
}

/**
 * A fresh host key: ECDSA P-256 (ssh2's ed25519 generator writes an unreadable key about
 * once in 400 tries), RSA for a legacy-only strip. Re-drawn at most 3 times if ssh2
 * cannot read back what it wrote.
 */
function generateHostKey(legacyOnly: boolean): string {
  const attemptsMax = 3;
  for (let attempt = 1; attempt <= attemptsMax; attempt++) {
    const keys = legacyOnly ? sshUtils.generateKeyPairSync('rsa', { bits: 2048 }) : sshUtils.generateKeyPairSync('ecdsa', { bits: 256 });
    if (!(sshUtils.parseKey(keys.private) instanceof Error)) return keys.private;
  }
  throw new TroupeError('MPOWER_OPTION_INVALID', `could not generate a readable host key in ${attemptsMax} tries; pass hostKey explicitly`, { option: 'hostKey' });
}

function serveConnection(client: Connection, credentials: { username: string; password: string }, strip: StripModel, syncStripClock: () => void): void {
  // A client that breaks the protocol or vanishes only ends its own connection.
  client.on('error', () => client.end());
  client.on('authentication', (ctx: AuthContext) => {
    if (ctx.method === 'password' && sameSecret(ctx.username, credentials.username) && sameSecret(ctx.password, credentials.password)) ctx.accept();
    else ctx.reject(['password']);
  });
  client.on('ready', () => {
    client.on('session', (acceptSession) => serveSession(acceptSession(), strip, syncStripClock));
  });
}

function serveSession(session: Session, strip: StripModel, syncStripClock: () => void): void {
  let pty = false;
  session.on('pty', (accept) => {
    pty = true;
    accept?.();
  });
  session.on('env', (accept) => accept?.());
  session.on('exec', (accept, _reject, info) => {
    const stream = accept();
    syncStripClock();
    const result = strip.runShellCommand(info.command);
    if (result.stdout !== '') stream.write(result.stdout);
    if (result.stderr !== '') stream.stderr.write(result.stderr);
    stream.exit(result.exitCode);
    stream.end();
  });
  session.on('shell', (accept) => serveShell(accept(), strip.openShell(), pty, syncStripClock));
}

/** An interactive ash look-alike: prompt, line editing by the client, `exit` to leave. */
function serveShell(stream: ServerChannel, shell: MiniShell, pty: boolean, syncStripClock: () => void): void {
  // A terminal wants CRLF line ends; a pipe gets the output as the command wrote it.
  const out = (text: string): boolean => stream.write(pty ? text.replace(/\r?\n/g, '\r\n') : text);
  out(pty ? shellBanner + shellPrompt : shellPrompt);
  let pending = '';
  stream.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    if (pty) out(text.replace(/\r/g, '\r\n'));
    pending += text;
    let newline: number;
    while ((newline = pending.search(/[\r\n]/)) >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line === 'exit' || line.startsWith('exit ')) {
        stream.exit(Number(line.slice(5)) || 0);
        stream.end();
        return;
      }
      syncStripClock();
      const result = shell.run(line);
      out(result.stdout + result.stderr + shellPrompt);
    }
    // A line longer than the shell accepts is dropped rather than buffered without bound.
    if (pending.length > shellCommandLengthMax) {
      pending = '';
      out(`\nsh: line longer than ${shellCommandLengthMax} characters dropped\n${shellPrompt}`);
    }
  });
}

/** Compares two secrets in constant time (hashing first, so lengths leak nothing either). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * `troupe device mpower [--port N] [--outlets N] [--host H] [--password P]`: starts an
 * emulator and prints its port and host-key fingerprint (never the password). Returns
 * the running emulator so the command can close it on a signal.
 *
 * @example
 * const emulator = await runMpowerEmulatorCommand(['--port', '2222', '--outlets', '6']);
 */
export async function runMpowerEmulatorCommand(args: readonly string[], print: (line: string) => void = (line) => console.log(line)): Promise<MpowerEmulator> {
  const flags = parseFlags(args, ['--port', '--outlets', '--host', '--password']);
  const port = flags['--port'] === undefined ? 2222 : Number(flags['--port']);
  const outlets = flags['--outlets'] === undefined ? 6 : Number(flags['--outlets']);
  if (!Number.isInteger(port)) throw new TroupeError('USAGE', `--port '${flags['--port']}' is not an integer; e.g. --port 2222`, { flag: '--port' });
  if (!Number.isInteger(outlets)) throw new TroupeError('USAGE', `--outlets '${flags['--outlets']}' is not an integer; use 1, 3, 6 or 8`, { flag: '--outlets' });
  const emulator = await startMpowerEmulator({ port, outlets, host: flags['--host'], password: flags['--password'] });
  print(`mpower emulator: ${emulator.model.boardName} (${emulator.model.outlets} outlets) on ${emulator.host}:${emulator.port}`);
  print(`host key fingerprint: ${emulator.fingerprint}`);
  print(`user: ubnt; connect with: ssh -p ${emulator.port} ubnt@${emulator.host}`);
  return emulator;
}

function parseFlags(args: readonly string[], known: readonly string[]): Record<string, string | undefined> {
  const flags: Record<string, string | undefined> = {};
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i];
    const value = args[i + 1];
    if (!known.includes(flag)) throw new TroupeError('USAGE', `unknown flag '${flag}' for 'troupe device mpower'; known flags are ${known.join(', ')}`, { flag });
    // The value is not echoed: it may be the password.
    if (value === undefined || value.startsWith('--')) throw new TroupeError('USAGE', `flag ${flag} needs a value`, { flag });
    flags[flag] = value;
  }
  return flags;
}
