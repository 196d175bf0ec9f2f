import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import ssh2 from 'ssh2';
import { hostKeyFingerprint, normaliseFingerprint, sshAlgorithms } from '../../../src/devices/mpower/sshSecurity.ts';

describe('legacy algorithms', () => {
  it('offers nothing legacy by default: ssh2 keeps its modern defaults', () => {
    expect(sshAlgorithms(false)).toBeUndefined();
  });

  it('appends group1-sha1 kex, ssh-rsa host key and aes128-cbc when asked, after the defaults', () => {
    const algorithms = sshAlgorithms(true)!;
    expect(algorithms.kex).toEqual({ append: ['diffie-hellman-group1-sha1'], prepend: [], remove: [] });
    expect(algorithms.serverHostKey).toEqual({ append: ['ssh-rsa'], prepend: [], remove: [] });
    expect(algorithms.cipher).toEqual({ append: ['aes128-cbc'], prepend: [], remove: [] });
    expect(algorithms.hmac).toBeUndefined();
  });

  it('builds lists ssh2 accepts (it validates names when connecting)', () => {
    const connect = (algorithms: ssh2.Algorithms | undefined): void => {
      const client = new ssh2.Client();
      client.on('error', () => undefined);
      try {
        client.connect({ host: '127.0.0.1', port: 1, username: 'ubnt', algorithms, readyTimeout: 100 });
      } finally {
        client.destroy();
      }
    };
    expect(() => connect(sshAlgorithms(true))).not.toThrow();
    // The check has teeth: a misspelt name is refused.
    expect(() => connect({ kex: { append: ['diffie-hellman-group1-sha2' as 'diffie-hellman-group1-sha1'], prepend: [], remove: [] } })).toThrow(/Unsupported algorithm/);
  });
});

describe('host key fingerprints', () => {
  it('prints the OpenSSH SHA256 form of the key blob', () => {
    const blob = Buffer.from('not really a key');
    const expected = createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
    expect(hostKeyFingerprint(blob)).toBe(`SHA256:${expected}`);
  });

  it('accepts a pinned fingerprint with or without prefix and padding, and rejects junk', () => {
    const body = 'nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8';
    expect(normaliseFingerprint(`${body}=`)).toBe(`SHA256:${body}`);
    expect(normaliseFingerprint(`SHA256:${body}`)).toBe(`SHA256:${body}`);
    expect(() => normaliseFingerprint('aa:bb:cc')).toThrow(/not a SHA-256 fingerprint/);
  });
});
