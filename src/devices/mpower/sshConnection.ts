/**
 * One kept-open SSH connection to one mPower strip: connect with host-key pinning,
 * reconnect with capped exponential backoff after a drop, run one `exec` at a time,
 * and close without leaving a timer or socket behind. The driver puts its command
 * queue on top; this file knows SSH, not strips.
 *
 * Failure policy: a wrong host key or refused password is final for that connect
 * cycle (retrying cannot fix it); anything else (refused, reset, timed out) is retried
 * up to `reconnectAttemptsMax` times, waiting min(delayMsMax, delayMsMin × 2^(n−1))
 * before attempt n > 1, and before the first attempt after a drop.
 */
import ssh2 from 'ssh2';
import type { ClientChannel } from 'ssh2';
import { TroupeError, isTroupeError } from '../../runtime/errors.ts';
import type { ShellResult } from './shell.ts';
import { hostKeyFingerprint, sshAlgorithms } from './sshSecurity.ts';

/** Settings of one strip's connection (the driver fills every default). */
export interface SshConnectionSettings {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  /** Normalised `SHA256:…` fingerprint the host key must have. */
  readonly hostFingerprint: string;
  readonly legacyAlgorithms: boolean;
  readonly connectTimeoutMs: number;
  readonly commandTimeoutMs: number;
  readonly reconnectDelayMsMin: number;
  readonly reconnectDelayMsMax: number;
  readonly reconnectAttemptsMax: number;
  /** Most stdout + stderr bytes one command may print; past it the command fails. */
  readonly outputBytesMax: number;
  readonly log: (line: string) => void;
}

/** Where the connection stands. */
export type SshConnectionState = 'idle' | 'connecting' | 'ready' | 'closed';

/**
 * A kept-open SSH connection with reconnect. Not exported from the folder: use `MpowerDriver`.
 *
 * @example
 * const connection = new SshConnection(settings);
 * const { stdout } = await connection.exec('cat /proc/power/relay1');
 */
export class SshConnection {
  private client: ssh2.Client | undefined;
  private cycle: Promise<ssh2.Client> | undefined;
  private backoffTimer: { timer: NodeJS.Timeout; wake: () => void } | undefined;
  private failInFlight: ((error: TroupeError) => void) | undefined;
  private currentState: SshConnectionState = 'idle';

  constructor(private readonly settings: SshConnectionSettings) {}

  get state(): SshConnectionState {
    return this.currentState;
  }

  /** Runs one command on the open connection (connecting first if needed). One at a time: the caller serialises. */
  async exec(command: string): Promise<ShellResult> {
    const client = await this.connected();
    return this.execOn(client, command);
  }

  /** Resolves with a ready client, starting a connect cycle if none is running. */
  connected(): Promise<ssh2.Client> {
    if (this.currentState === 'closed') return Promise.reject(this.closedError());
    if (this.client !== undefined && this.currentState === 'ready') return Promise.resolve(this.client);
    this.cycle ??= this.connectCycle(false).finally(() => {
      this.cycle = undefined;
    });
    return this.cycle;
  }

  /** Ends the connection and any reconnect; pending work fails with MPOWER_CLOSED. */
  async close(): Promise<void> {
    if (this.currentState === 'closed') return;
    this.currentState = 'closed';
    this.failInFlight?.(this.closedError());
    if (this.backoffTimer !== undefined) {
      clearTimeout(this.backoffTimer.timer);
      this.backoffTimer.wake();
    }
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) await endClient(client);
    await this.cycle?.catch(() => undefined);
  }

  private async connectCycle(afterDrop: boolean): Promise<ssh2.Client> {
    const { reconnectAttemptsMax, reconnectDelayMsMin, reconnectDelayMsMax, name } = this.settings;
    let lastError: TroupeError | undefined;
    this.currentState = 'connecting';
    for (let attempt = 1; attempt <= reconnectAttemptsMax; attempt++) {
      if (attempt > 1 || afterDrop) {
        const delayMs = Math.min(reconnectDelayMsMax, reconnectDelayMsMin * 2 ** (attempt - 1 - (afterDrop ? 0 : 1)));
        this.settings.log(`mpower ${name}: connecting again in ${delayMs} ms (attempt ${attempt} of ${reconnectAttemptsMax})`);
        await this.sleep(delayMs);
      }
      if (this.isClosed()) throw this.closedError();
      try {
        const client = await this.connectOnce();
        this.settings.log(`mpower ${name}: connected`);
        return client;
      } catch (error) {
        if (this.isClosed()) throw this.closedError();
        lastError = error as TroupeError;
        if (lastError.code === 'MPOWER_HOST_KEY_MISMATCH' || lastError.code === 'MPOWER_AUTH_FAILED') {
          this.currentState = 'idle';
          throw lastError;
        }
      }
    }
    this.currentState = 'idle';
    throw new TroupeError(
      'MPOWER_UNREACHABLE',
      `mPower strip '${name}' (${this.settings.host}:${this.settings.port}) did not accept an SSH connection in ${reconnectAttemptsMax} attempts (last: ${lastError?.message ?? 'none'}); check that it is powered and on the network`,
      { strip: name },
    );
  }

  private connectOnce(): Promise<ssh2.Client> {
    const { name, host, port, hostFingerprint } = this.settings;
    return new Promise((resolve, reject) => {
      const client = new ssh2.Client();
      let presented: string | undefined;
      let settled = false;
      this.client = client;
      client.once('ready', () => {
        settled = true;
        this.currentState = 'ready';
        // Commands are small request/reply exchanges: Nagle plus delayed ACKs would add ~40 ms to each.
        client.setNoDelay(true);
        client.on('close', () => this.onDropped(client));
        resolve(client);
      });
      const fail = (error: TroupeError): void => {
        if (settled) return;
        settled = true;
        if (this.client === client) this.client = undefined;
        client.destroy();
        reject(error);
      };
      // After ready, errors are followed by 'close', which onDropped handles.
      client.on('error', (error: Error & { level?: string }) => fail(this.connectError(error, presented)));
      client.once('close', () => fail(new TroupeError('MPOWER_UNREACHABLE', `mPower strip '${name}' at ${host}:${port} closed the connection during the SSH handshake`, { strip: name, host, port })));
      client.connect({
        host,
        port,
        username: this.settings.username,
        password: this.settings.password,
        readyTimeout: this.settings.connectTimeoutMs,
        keepaliveInterval: 5000,
        keepaliveCountMax: 3,
        algorithms: sshAlgorithms(this.settings.legacyAlgorithms),
        hostVerifier: (key: Buffer) => {
          presented = hostKeyFingerprint(key);
          return presented === hostFingerprint;
        },
      });
    });
  }

  private connectError(error: Error & { level?: string }, presented: string | undefined): TroupeError {
    const { name, host, port, hostFingerprint } = this.settings;
    if (presented !== undefined && presented !== hostFingerprint) {
      return new TroupeError(
        'MPOWER_HOST_KEY_MISMATCH',
        `mPower strip '${name}' at ${host}:${port} presented host key ${presented}, but ${hostFingerprint} is pinned; refusing to connect. If the strip was reset or replaced, verify its new key and update hostFingerprint`,
        { strip: name, host, port, presented, pinned: hostFingerprint },
      );
    }
    if (error.level === 'client-authentication') {
      return new TroupeError('MPOWER_AUTH_FAILED', `mPower strip '${name}' at ${host}:${port} refused the configured user name or password; check the strip's credentials`, { strip: name, host, port });
    }
    return new TroupeError('MPOWER_UNREACHABLE', `SSH to mPower strip '${name}' at ${host}:${port} failed: ${redact(error.message, this.settings.password)}`, { strip: name, host, port });
  }

  private onDropped(client: ssh2.Client): void {
    if (this.client !== client) return; // an old client, or one close() ended
    this.client = undefined;
    if (this.currentState === 'closed') return;
    this.currentState = 'idle';
    const { name, host, port } = this.settings;
    this.settings.log(`mpower ${name}: connection lost`);
    this.failInFlight?.(new TroupeError('MPOWER_CONNECTION_LOST', `SSH connection to mPower strip '${name}' at ${host}:${port} dropped while a command was running; the command may or may not have taken effect, read the state back`, { strip: name }));
    // Reconnect in the background so the next command finds the strip ready.
    this.cycle ??= this.connectCycle(true).finally(() => {
      this.cycle = undefined;
    });
    this.cycle.catch((error: unknown) => this.settings.log(`mpower ${name}: reconnect gave up (${isTroupeError(error) ? error.code : 'error'})`));
  }

  private execOn(client: ssh2.Client, command: string): Promise<ShellResult> {
    const { name, commandTimeoutMs, outputBytesMax } = this.settings;
    return new Promise((resolve, reject) => {
      let channel: ClientChannel | undefined;
      let done = false;
      const finish = (error: TroupeError | undefined, result?: ShellResult): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.failInFlight = undefined;
        if (error !== undefined) {
          channel?.destroy();
          reject(error);
        } else resolve(result!);
      };
      const timer = setTimeout(() => finish(new TroupeError('MPOWER_COMMAND_TIMEOUT', `mPower strip '${name}' gave no complete answer within ${commandTimeoutMs} ms`, { strip: name })), commandTimeoutMs);
      this.failInFlight = (error) => finish(error);
      const onChannel = (error: Error | undefined, stream: ClientChannel): void => {
        if (error) return finish(new TroupeError('MPOWER_CONNECTION_LOST', `mPower strip '${name}' refused a command channel: ${error.message}`, { strip: name }));
        channel = stream;
        let stdout = '';
        let stderr = '';
        let exitCode: number | undefined;
        const collect = (target: 'stdout' | 'stderr') => (chunk: Buffer) => {
          if (target === 'stdout') stdout += chunk.toString('utf8');
          else stderr += chunk.toString('utf8');
          if (stdout.length + stderr.length > outputBytesMax) finish(new TroupeError('MPOWER_COMMAND_FAILED', `mPower strip '${name}' printed more than ${outputBytesMax} bytes for one command`, { strip: name }));
        };
        stream.on('data', collect('stdout'));
        stream.stderr.on('data', collect('stderr'));
        stream.on('exit', (code: number | null) => {
          exitCode = code ?? undefined;
        });
        stream.on('close', () => {
          if (exitCode === undefined) finish(new TroupeError('MPOWER_CONNECTION_LOST', `mPower strip '${name}' closed the command channel before the command's exit status arrived`, { strip: name }));
          else finish(undefined, { stdout, stderr, exitCode });
        });
      };
      try {
        client.exec(command, onChannel);
      } catch (error) {
        // ssh2 throws at once when the socket closed between the connected check and now.
        finish(this.isClosed() ? this.closedError() : new TroupeError('MPOWER_CONNECTION_LOST', `SSH connection to mPower strip '${name}' closed before the command was sent (${(error as Error).message})`, { strip: name }));
      }
    });
  }

  private sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        this.backoffTimer = undefined;
        resolve();
      };
      this.backoffTimer = { timer: setTimeout(wake, delayMs), wake };
    });
  }

  /** A method, not an inline test, because close() may change the state across an await. */
  private isClosed(): boolean {
    return this.currentState === 'closed';
  }

  private closedError(): TroupeError {
    return new TroupeError('MPOWER_CLOSED', `mPower driver for strip '${this.settings.name}' was closed; create a new one to talk to the strip again`, { strip: this.settings.name });
  }
}

/** Ends a client politely, then destroys it if its socket has not closed within a moment. */
function endClient(client: ssh2.Client): Promise<void> {
  const closeWaitMsMax = 1000;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      client.destroy();
      resolve();
    }, closeWaitMsMax);
    client.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    client.end();
  });
}

/** Removes a secret from a text that came from elsewhere (a library's error message). */
function redact(text: string, secret: string): string {
  return secret === '' ? text : text.split(secret).join('***');
}
