/**
 * The two security choices of an mPower SSH session, kept in one place: host-key
 * pinning by SHA-256 fingerprint (the form `ssh-keygen -lf` and OpenSSH print,
 * `SHA256:` + unpadded base64), and the algorithm lists offered to the server. The
 * legacy algorithms old mPower firmware's Dropbear needs are weak (1024-bit DH, SHA-1,
 * CBC), so they are opt-in per strip and never offered otherwise.
 */
import { createHash } from 'node:crypto';
import type { Algorithms } from 'ssh2';
import { TroupeError } from '../../runtime/errors.ts';

/** The algorithms old mPower firmware's Dropbear speaks, appended to ssh2's defaults on request. */
export const legacyDropbearAlgorithms = {
  kex: ['diffie-hellman-group1-sha1'],
  serverHostKey: ['ssh-rsa'],
  cipher: ['aes128-cbc'],
} as const;

/**
 * The `algorithms` option for ssh2's Client: undefined (ssh2's modern defaults) unless
 * `legacy` is set, in which case the legacy algorithms are appended after the defaults,
 * so a modern server still negotiates a modern algorithm and only an old one falls back.
 *
 * @example
 * new Client().connect({ host, algorithms: sshAlgorithms(true), ... });
 */
export function sshAlgorithms(legacy: boolean): Algorithms | undefined {
  if (!legacy) return undefined;
  return {
    kex: { append: [...legacyDropbearAlgorithms.kex], prepend: [], remove: [] },
    serverHostKey: { append: [...legacyDropbearAlgorithms.serverHostKey], prepend: [], remove: [] },
    cipher: { append: [...legacyDropbearAlgorithms.cipher], prepend: [], remove: [] },
  };
}

/**
 * The OpenSSH-style SHA-256 fingerprint of a public host key blob (SSH wire format).
 *
 * @example
 * hostKeyFingerprint(parsedKey.getPublicSSH()) // 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8'
 */
export function hostKeyFingerprint(publicKeyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(publicKeyBlob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * Checks and normalises a pinned fingerprint: accepts it with or without the `SHA256:`
 * prefix and base64 padding; returns the `SHA256:…` form.
 *
 * @example
 * normaliseFingerprint('nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8=') // 'SHA256:nThbg6…SY8'
 */
export function normaliseFingerprint(fingerprint: string): string {
  const body = fingerprint.trim().replace(/^SHA256:/, '').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]{43}$/.test(body)) {
    throw new TroupeError(
      'MPOWER_OPTION_INVALID',
      `hostFingerprint '${fingerprint}' is not a SHA-256 fingerprint; give the 'SHA256:…' value the strip's emulator prints or 'ssh-keygen -lf' shows`,
      { option: 'hostFingerprint' },
    );
  }
  return `SHA256:${body}`;
}
