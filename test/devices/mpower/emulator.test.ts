import ssh2 from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { hostKeyFingerprint, runMpowerEmulatorCommand, startMpowerEmulator, type MpowerEmulator } from '../../../src/devices/mpower/index.ts';

const password = 'emulator-secret-77';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function emulator(options: Parameters<typeof startMpowerEmulator>[0] = {}): Promise<MpowerEmulator> {
  const started = await startMpowerEmulator({ password, ...options });
  cleanups.push(() => started.close());
  return started;
}

/** A raw ssh2 client that pins the emulator's key (so the fingerprint it prints is checked too). */
async function connect(target: MpowerEmulator, secret = password): Promise<ssh2.Client> {
  const client = new ssh2.Client();
  cleanups.push(() => {
    client.end();
  });
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve()).on('error', reject);
    client.connect({ host: target.host, port: target.port, username: 'ubnt', password: secret, hostVerifier: (key: Buffer) => hostKeyFingerprint(key) === target.fingerprint });
  });
  return client;
}

function exec(client: ssh2.Client, command: string): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, stream) => {
      if (error) return reject(error);
      let stdout = '';
      let stderr = '';
      let code = -1;
      stream.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      stream.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      stream.on('exit', (exitCode: number) => (code = exitCode));
      stream.on('close', () => resolve({ stdout, stderr, code }));
    });
  });
}

describe('mPower emulator', () => {
  it('binds 127.0.0.1 on a free port and answers exec requests with the strip format', async () => {
    const target = await emulator({ outlets: 3 });
    expect(target.host).toBe('127.0.0.1');
    expect(target.port).toBeGreaterThan(0);
    expect(target.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    const client = await connect(target);
    expect(await exec(client, 'echo 1 > /proc/power/relay2')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect((await exec(client, 'cat /proc/power/relay2')).stdout).toBe('1\n');
    const bulk = await exec(client, "cd /proc/power; grep '' relay* v_rms* active_pwr*");
    expect(bulk.stdout).toMatch(/^relay1:0\nrelay2:1\nrelay3:0\nv_rms1:\d+\.\d{9}\n/);
    expect(bulk.stdout).toMatch(/\nactive_pwr2:2\d\.\d{9}\n/);
    expect((await exec(client, 'cat /etc/board.inc | grep board_shortname')).stdout).toBe('$board_shortname="P3E";\n');
    expect(await exec(client, 'uptime')).toEqual({ stdout: '', stderr: 'sh: uptime: not found\n', code: 127 });
  });

  it('runs an interactive shell that keeps its directory and exits on exit', async () => {
    const target = await emulator();
    const client = await connect(target);
    const output = await new Promise<string>((resolve, reject) => {
      client.shell(false, (error, stream) => {
        if (error) return reject(error);
        let text = '';
        stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
        stream.on('close', () => resolve(text));
        stream.write('cd /proc/power\necho 1 > relay4\ncat relay4\nexit\n');
      });
    });
    expect(output).toContain('MF.v2.1.11# ');
    expect(output).toContain('1\n');
    expect(target.strip.relay(4)).toBe(true);
  });

  it('refuses a wrong password', async () => {
    const target = await emulator();
    await expect(connect(target, 'not-it')).rejects.toThrow(/authentication methods failed/);
  });

  it('cuts connections past connectionsMax', async () => {
    const target = await emulator({ connectionsMax: 1 });
    await connect(target);
    await expect(connect(target)).rejects.toThrow();
  });

  it('as a command, prints port and fingerprint but never the password', async () => {
    const lines: string[] = [];
    const started = await runMpowerEmulatorCommand(['--port', '0', '--outlets', '8', '--password', password], (line) => lines.push(line));
    cleanups.push(() => started.close());
    const text = lines.join('\n');
    expect(text).toContain(String(started.port));
    expect(text).toContain(started.fingerprint);
    expect(text).toContain('8 outlets');
    expect(text).not.toContain(password);
    await expect(runMpowerEmulatorCommand(['--pasword', password], () => undefined)).rejects.toThrow(/unknown flag '--pasword'/);
    await expect(runMpowerEmulatorCommand(['--port'], () => undefined)).rejects.toThrow(/needs a value/);
    await expect(runMpowerEmulatorCommand(['--outlets', '5', '--port', '0'], () => undefined)).rejects.toThrow(/no mPower model has 5 outlets/);
  });
});
