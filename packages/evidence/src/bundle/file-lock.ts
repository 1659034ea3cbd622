import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface LockOptions {
  /** A lock older than this is presumed left by a killed process and broken. */
  readonly staleMs: number;
  readonly timeoutMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

export const DEFAULT_LOCK_OPTIONS: LockOptions = {
  staleMs: 30_000,
  timeoutMs: 60_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
};

export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
}

async function tryCreate(lockPath: string): Promise<boolean> {
  try {
    const handle = await open(lockPath, 'wx');
    await handle.writeFile(`${process.pid}\n`);
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function breakIfStale(lockPath: string, options: LockOptions): Promise<void> {
  try {
    const info = await stat(lockPath);
    const pid = Number.parseInt(await readFile(lockPath, 'utf8'), 10);
    const ownerGone = Number.isFinite(pid) && pid > 0 && !processAlive(pid);
    if (ownerGone || options.now() - info.mtimeMs > options.staleMs) await rm(lockPath, { force: true });
  } catch {
    // Gone already, or being written: try again on the next round.
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `work` holding an exclusive lock file (`O_EXCL` create), so read-merge-write cycles of
 * several processes on one manifest serialise; a lock left by a dead process is broken.
 */
export async function withFileLock<T>(
  path: string,
  work: () => Promise<T>,
  options: LockOptions = DEFAULT_LOCK_OPTIONS,
): Promise<T> {
  const lockPath = `${path}.lock`;
  await mkdir(dirname(path), { recursive: true });
  const deadline = options.now() + options.timeoutMs;
  for (let wait = 5; !(await tryCreate(lockPath)); wait = Math.min(wait * 2, 200)) {
    if (options.now() > deadline) throw new LockTimeoutError(`could not lock ${path} within ${options.timeoutMs} ms`);
    await breakIfStale(lockPath, options);
    await options.sleep(wait + Math.floor(Math.random() * wait));
  }
  try {
    return await work();
  } finally {
    await rm(lockPath, { force: true });
  }
}
