import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-file.js';
import { DEFAULT_LOCK_OPTIONS, withFileLock, type LockOptions } from './file-lock.js';

/** The envelope of every JSON record file in a bundle (RUNS_SUMMARY, AUTO_RETRY_MANIFEST, …). */
export interface RecordFile<T> {
  readonly schemaVersion: 1;
  /** UTC ISO-8601. */
  readonly updatedAt: string;
  readonly entries: readonly T[];
}

export class CorruptRecordFileError extends Error {
  override readonly name = 'CorruptRecordFileError';
}

export interface MergeResult {
  readonly total: number;
  readonly added: number;
  readonly replaced: number;
}

async function readExisting<T>(path: string): Promise<readonly T[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<RecordFile<T>>;
    if (!Array.isArray(parsed.entries)) throw new Error('no "entries" array');
    return parsed.entries;
  } catch (error) {
    // Never overwrite what we cannot read: that would lose evidence already collected.
    throw new CorruptRecordFileError(
      `${path} is not a valid record file (${(error as Error).message}); left untouched`,
    );
  }
}

/**
 * Merges entries into a record file keyed by `keyOf` (run id + attempt for runs): an entry with
 * a known key replaces the old one, so merges never duplicate; concurrent writers serialise on a
 * lock file and each write is atomic.
 */
export async function mergeRecordFile<T>(
  path: string,
  incoming: readonly T[],
  keyOf: (entry: T) => string,
  now: Date,
  lock: LockOptions = DEFAULT_LOCK_OPTIONS,
): Promise<MergeResult> {
  return withFileLock(
    path,
    async () => {
      const byKey = new Map<string, T>();
      for (const entry of await readExisting<T>(path)) byKey.set(keyOf(entry), entry);
      let added = 0;
      let replaced = 0;
      for (const entry of incoming) {
        const key = keyOf(entry);
        if (byKey.has(key)) replaced++;
        else added++;
        byKey.set(key, entry);
      }
      const entries = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
      const file: RecordFile<T> = { schemaVersion: 1, updatedAt: now.toISOString(), entries };
      await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
      return { total: entries.length, added, replaced };
    },
    lock,
  );
}
