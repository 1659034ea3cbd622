import { ConfigurationError } from '@opsguard/core';
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * A folder the step will write into, checked before any API call (issue 15: an `out-dir` that is
 * a file was found only after the collection, and the collected work was thrown away). It may
 * not exist yet: then its nearest existing ancestor must be a writable folder.
 */
export function checkWritableDir(path: string, what: string): string {
  const full = resolve(path);
  for (let dir = full; ; dir = dirname(dir)) {
    const stat = statSync(dir, { throwIfNoEntry: false });
    if (stat) {
      if (!stat.isDirectory()) {
        throw new ConfigurationError(
          dir === full
            ? `${what} "${path}" is a file, not a folder: give a folder to write into`
            : `${what} "${path}" cannot be created: "${dir}" is a file`,
        );
      }
      try {
        accessSync(dir, constants.W_OK);
      } catch {
        throw new ConfigurationError(`${what} "${path}" is not writable (no write permission on "${dir}")`);
      }
      return path;
    }
    if (dirname(dir) === dir) return path;
  }
}
