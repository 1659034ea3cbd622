import { join } from 'node:path';
import { DEFAULT_LOCK_OPTIONS, withFileLock, type LockOptions } from './file-lock.js';

/**
 * One lock per day's bundle, taken by every writer that changes files the index lists (the
 * bundle writer, the capability logs, the ticket writer): the index is always rewritten under
 * it, so it never lists a hash of a file another process is rewriting. Always taken before any
 * per-file lock, so two writers can never wait on each other.
 */
export const BUNDLE_LOCK_NAME = '.bundle';

export function withBundleLock<T>(
  bundleDir: string,
  work: () => Promise<T>,
  lock: LockOptions = DEFAULT_LOCK_OPTIONS,
): Promise<T> {
  return withFileLock(join(bundleDir, BUNDLE_LOCK_NAME), work, lock);
}
