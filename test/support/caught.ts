/** Test helper: the TroupeError a function throws (any other error is rethrown; none fails the test). */
import { isTroupeError, type TroupeError } from '../../src/runtime/index.ts';

export function caught(fn: () => unknown): TroupeError {
  try {
    fn();
  } catch (error) {
    if (isTroupeError(error)) return error;
    throw error;
  }
  throw new Error('expected a TroupeError, nothing was thrown');
}
