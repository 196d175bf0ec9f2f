/**
 * Who may use the UI server. Bound to loopback without a token, any local program may;
 * the Host and Origin checks keep other web sites out (DNS rebinding, cross-site
 * WebSockets). Bound to any other address, a token is required, and every page, asset,
 * API call and socket must carry it: `?token=` (the page then gets an HttpOnly cookie
 * holding the token's hash, so its assets and socket need not repeat it) or
 * `Authorization: Bearer <token>`. The token is never logged.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const authCookieName = 'troupe_ui';
/** Shortest token accepted, so a guessable word is not mistaken for a secret. */
export const tokenLengthMin = 8;

/**
 * True for addresses only this machine can reach.
 *
 * @example
 * isLoopbackHost('127.0.0.1') // => true
 * isLoopbackHost('0.0.0.0') // => false
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** The cookie value that stands for a token (its SHA-256, hex). */
export function tokenCookieValue(token: string): string {
  return digest(token).toString('hex');
}

function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function cookie(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** How the request proved itself: by the token in the query (the caller sets the cookie), otherwise. */
export type AuthResult = { ok: true; viaQuery: boolean } | { ok: false; status: 401 | 403; reason: string };

/**
 * Checks one HTTP request or socket upgrade against the server's binding and token.
 *
 * @example
 * const result = authorize(request, { token: 's3cret-token', loopbackOnly: true });
 * if (!result.ok) response.writeHead(result.status).end(result.reason);
 */
export function authorize(request: IncomingMessage, options: { token: string | undefined; loopbackOnly: boolean }): AuthResult {
  const hostHeader = request.headers.host ?? '';
  const hostname = hostHeader.replace(/:\d+$/, '');
  if (options.loopbackOnly && !isLoopbackHost(hostname)) {
    return { ok: false, status: 403, reason: `Host '${hostname}' is not this machine; open the UI through 127.0.0.1 or localhost` };
  }
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return { ok: false, status: 403, reason: 'malformed Origin header' };
    }
    if (originHost !== hostHeader) return { ok: false, status: 403, reason: 'cross-origin requests are refused' };
  }
  const token = options.token;
  if (token === undefined) return { ok: true, viaQuery: false };
  const url = new URL(request.url ?? '/', 'http://ui.invalid');
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null && sameSecret(fromQuery, token)) return { ok: true, viaQuery: true };
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (bearer !== undefined && sameSecret(bearer, token)) return { ok: true, viaQuery: false };
  const fromCookie = cookie(request, authCookieName);
  if (fromCookie !== undefined && sameSecret(fromCookie, tokenCookieValue(token))) return { ok: true, viaQuery: false };
  return { ok: false, status: 401, reason: 'this UI needs its token: open it as /?token=<token>' };
}
