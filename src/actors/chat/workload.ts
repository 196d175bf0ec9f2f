/**
 * The random workload of a `chat-client`: which operation a scripted user issues next,
 * drawn from the client's seeded generator. Mostly sends to other users, with fetches,
 * listings, logins, and now and then deleting and re-creating one's own account.
 */
import { randomInt, type Rng } from '../../runtime/rng.ts';
import type { ClientOp } from './types.ts';

export interface WorkloadOptions {
  /** Other accounts this user may write to. */
  peers: string[];
  /** Percent of operations of each kind; the rest (up to 100) are delete-and-recreate. */
  sendPct: number;
  fetchPct: number;
  listPct: number;
  loginPct: number;
}

export const defaultWorkload: Omit<WorkloadOptions, 'peers'> = { sendPct: 62, fetchPct: 14, listPct: 14, loginPct: 6 };

const patterns = ['*', 'user-*', 'user-1*', 'user-?', '*-2', 'nobody*'];

/**
 * The next operations of `account` (one, or delete then create), and the next generator state.
 *
 * @example
 * const [ops, rng] = nextWorkloadOps(createRng(1), 'user-1', 7, { ...defaultWorkload, peers: ['user-2'] });
 */
export function nextWorkloadOps(rng: Rng, account: string, opId: number, options: WorkloadOptions): [ClientOp[], Rng] {
  const [roll, r1] = randomInt(rng, 1, 100);
  let threshold = options.sendPct;
  if (roll <= threshold && options.peers.length > 0) {
    const [k, r2] = randomInt(r1, 0, options.peers.length - 1);
    return [[{ kind: 'send', from: account, to: options.peers[k]!, text: `${account}#${opId}` }], r2];
  }
  if (roll <= (threshold += options.fetchPct)) return [[{ kind: 'fetch', name: account }], r1];
  if (roll <= (threshold += options.listPct)) {
    const [k, r2] = randomInt(r1, 0, patterns.length - 1);
    return [[{ kind: 'list', pattern: patterns[k]! }], r2];
  }
  if (roll <= (threshold += options.loginPct)) return [[{ kind: 'login', name: account }], r1];
  return [[{ kind: 'delete', name: account }, { kind: 'create', name: account }], r1];
}
