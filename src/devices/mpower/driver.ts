/**
 * `MpowerDriver`: drives one real (or emulated) mFi mPower strip over SSH. One SSH
 * connection per strip stays open; each command runs as an `exec` on it, one at a time,
 * in the order asked, from a queue of at most `queueDepthMax` commands (a command past
 * that is rejected with MPOWER_QUEUE_FULL at once, never sent). The host key must match
 * a pinned SHA-256 fingerprint. After a dropped connection the command that was running
 * fails with MPOWER_CONNECTION_LOST and the driver reconnects in the background with
 * capped exponential backoff, so the next command works once the strip is back.
 *
 * Defaults: port 22, user `ubnt`, 6 outlets (the mirror's mPower PRO 6), queueDepthMax
 * 32, commandTimeoutMs 5000, connectTimeoutMs 5000, reconnect delays 100 ms doubling to
 * 5000 ms, 8 attempts per reconnect cycle, 64 KiB of output per command, an SSH
 * keepalive every 5 s (a silent strip is declared lost after 3 missed), TCP_NODELAY, modern
 * algorithms only (`legacyAlgorithms: true` adds old Dropbear's), no logging.
 * The password is never logged and never part of an error message.
 */
import { TroupeError } from '../../runtime/errors.ts';
import { bulkReadAllCommand, bulkReadCommand, parseBoardShortname, parseBulkReadings, parseRelayState, type MpowerBoard, type MpowerOutletReading } from './readings.ts';
import type { ShellResult } from './shell.ts';
import { SshConnection, type SshConnectionState } from './sshConnection.ts';
import { normaliseFingerprint } from './sshSecurity.ts';

/** Options of one strip's driver. */
export interface MpowerDriverOptions {
  readonly host: string;
  /** Default 22. */
  readonly port?: number;
  /** Default `ubnt`. */
  readonly username?: string;
  readonly password: string;
  /** The strip's host-key fingerprint, `SHA256:…` (as the emulator or `ssh-keygen -lf` prints it). */
  readonly hostFingerprint: string;
  /** Name used in messages and logs. Default `host:port`. */
  readonly name?: string;
  /** Outlets on the strip, for range checks. Default 6. */
  readonly outlets?: number;
  /** Commands waiting or running at once; past it a command is rejected (MPOWER_QUEUE_FULL). Default 32. */
  readonly queueDepthMax?: number;
  readonly commandTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  readonly reconnectDelayMsMin?: number;
  readonly reconnectDelayMsMax?: number;
  /** Connect attempts per cycle before pending commands fail with MPOWER_UNREACHABLE. Default 8. */
  readonly reconnectAttemptsMax?: number;
  /** Offer diffie-hellman-group1-sha1, ssh-rsa and aes128-cbc for old firmware's Dropbear. Default false. */
  readonly legacyAlgorithms?: boolean;
  /** Receives connection events (connected, lost, retrying). Never receives secrets. */
  readonly log?: (line: string) => void;
}

interface QueuedCommand {
  readonly command: string;
  readonly resolve: (result: ShellResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * One mPower strip over SSH.
 *
 * @example
 * const strip = new MpowerDriver({ host: '127.0.0.1', port: emulator.port, password: 'ubnt', hostFingerprint: emulator.fingerprint });
 * await strip.setRelay(1, true);
 * const readings = await strip.readOutlets(); // [{ outlet: 1, relay: true, vRms: 230.4, activePwr: 27.1 }, …]
 * await strip.close();
 */
export class MpowerDriver {
  /** Name used in messages, `host:port` unless given. */
  readonly name: string;
  readonly outlets: number;
  private readonly queueDepthMax: number;
  private readonly connection: SshConnection;
  private readonly queue: QueuedCommand[] = [];
  private running = false;
  private closed = false;

  constructor(options: MpowerDriverOptions) {
    const port = options.port ?? 22;
    this.name = options.name ?? `${options.host}:${port}`;
    this.outlets = positiveInteger(options.outlets ?? 6, 'outlets');
    this.queueDepthMax = positiveInteger(options.queueDepthMax ?? 32, 'queueDepthMax');
    if (typeof options.password !== 'string') throw new TroupeError('MPOWER_OPTION_INVALID', `mPower driver '${this.name}' needs a password option (a string)`, { option: 'password' });
    const delayMsMin = positiveInteger(options.reconnectDelayMsMin ?? 100, 'reconnectDelayMsMin');
    this.connection = new SshConnection({
      name: this.name,
      host: options.host,
      port: positiveInteger(port, 'port'),
      username: options.username ?? 'ubnt',
      password: options.password,
      hostFingerprint: normaliseFingerprint(options.hostFingerprint),
      legacyAlgorithms: options.legacyAlgorithms ?? false,
      connectTimeoutMs: positiveInteger(options.connectTimeoutMs ?? 5000, 'connectTimeoutMs'),
      commandTimeoutMs: positiveInteger(options.commandTimeoutMs ?? 5000, 'commandTimeoutMs'),
      reconnectDelayMsMin: delayMsMin,
      reconnectDelayMsMax: Math.max(delayMsMin, positiveInteger(options.reconnectDelayMsMax ?? 5000, 'reconnectDelayMsMax')),
      reconnectAttemptsMax: positiveInteger(options.reconnectAttemptsMax ?? 8, 'reconnectAttemptsMax'),
      outputBytesMax: 64 * 1024,
      log: options.log ?? (() => undefined),
    });
  }

  /** 'idle' (not connected), 'connecting', 'ready' or 'closed'. */
  get connectionState(): SshConnectionState {
    return this.connection.state;
  }

  /** Commands waiting or running now. */
  get queueDepth(): number {
    return this.queue.length + (this.running ? 1 : 0);
  }

  /** Opens the SSH connection now instead of on the first command. */
  async connect(): Promise<void> {
    await this.connection.connected();
  }

  /** Switches an outlet (numbered from 1) on or off: `echo 1 > /proc/power/relayN`. */
  async setRelay(outlet: number, on: boolean): Promise<void> {
    this.checkOutlet(outlet);
    await this.run(`echo ${on ? 1 : 0} > /proc/power/relay${outlet}`);
  }

  /** Reads an outlet's relay: `cat /proc/power/relayN`. */
  async getRelay(outlet: number): Promise<boolean> {
    this.checkOutlet(outlet);
    return parseRelayState((await this.run(`cat /proc/power/relay${outlet}`)).stdout, this.name, outlet);
  }

  /**
   * Reads every outlet in one command (relay, v_rms, active_pwr; with `all`, also i_rms,
   * pf, energy_sum and lock), in outlet order.
   */
  async readOutlets(options: { all?: boolean } = {}): Promise<MpowerOutletReading[]> {
    const result = await this.run(options.all === true ? bulkReadAllCommand : bulkReadCommand);
    return parseBulkReadings(result.stdout, this.name);
  }

  /** What the strip says it is: `cat /etc/board.inc | grep board_shortname`. */
  async boardModel(): Promise<MpowerBoard> {
    return parseBoardShortname((await this.run('cat /etc/board.inc | grep board_shortname')).stdout, this.name);
  }

  /** Fails queued commands with MPOWER_CLOSED and ends the connection; leaves no timer or socket. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const waiting = this.queue.splice(0);
    for (const job of waiting) job.reject(this.closedError());
    await this.connection.close();
  }

  /** Queues one shell command; rejects at once when the queue is full or the driver closed. */
  private run(command: string): Promise<ShellResult> {
    if (this.closed) return Promise.reject(this.closedError());
    if (this.queueDepth >= this.queueDepthMax) {
      return Promise.reject(
        new TroupeError('MPOWER_QUEUE_FULL', `mPower strip '${this.name}' already has ${this.queueDepthMax} commands queued; the command was not sent. Send less often or raise queueDepthMax`, { strip: this.name, queueDepthMax: this.queueDepthMax }),
      );
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ command, resolve, reject });
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    const job = this.queue.shift();
    if (job === undefined) return;
    this.running = true;
    try {
      const result = await this.connection.exec(job.command);
      if (result.exitCode !== 0) {
        // The strip's own stderr is safe to quote: it is the shell's message about our command.
        throw new TroupeError('MPOWER_COMMAND_FAILED', `mPower strip '${this.name}' answered '${job.command}' with exit ${result.exitCode}: ${result.stderr.trim().slice(0, 200) || '(no message)'}`, { strip: this.name, exitCode: result.exitCode });
      }
      job.resolve(result);
    } catch (error) {
      job.reject(error);
      // Commands queued behind a failed connect cycle waited for that very connection: fail them too.
      if (error instanceof TroupeError && ['MPOWER_UNREACHABLE', 'MPOWER_HOST_KEY_MISMATCH', 'MPOWER_AUTH_FAILED'].includes(error.code)) {
        for (const waiting of this.queue.splice(0)) waiting.reject(error);
      }
    } finally {
      this.running = false;
    }
    void this.pump();
  }

  private checkOutlet(outlet: number): void {
    if (!Number.isInteger(outlet) || outlet < 1 || outlet > this.outlets) {
      throw new TroupeError('MPOWER_OUTLET_INVALID', `outlet ${outlet} does not exist on mPower strip '${this.name}'; outlets are numbered 1 to ${this.outlets}`, { strip: this.name, outlet });
    }
  }

  private closedError(): TroupeError {
    return new TroupeError('MPOWER_CLOSED', `mPower driver for strip '${this.name}' was closed; create a new one to talk to the strip again`, { strip: this.name });
  }
}

function positiveInteger(value: number, option: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new TroupeError('MPOWER_OPTION_INVALID', `mPower option ${option} must be a positive integer, got ${value}`, { option });
  }
  return value;
}
