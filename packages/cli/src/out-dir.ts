import { ConfigurationError } from '@opsguard/core';
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

async function kindOf(path: string): Promise<'directory' | 'other' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'directory' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: something above it is a file; the walk up finds which.
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw new ConfigurationError(`cannot inspect ${path} (${code ?? 'unreadable'})`);
  }
}

/**
 * The absolute directory `--out` names: an existing directory, or a path under one where it
 * can be made. A file there (or above it) is a usage error found before anything starts, so no
 * server, store or collection is begun for output that has nowhere to go.
 */
export async function outputDirectory(cwd: string, given: string, option = 'out'): Promise<string> {
  const dir = resolve(cwd, given);
  for (let path = dir; ; path = dirname(path)) {
    const kind = await kindOf(path);
    if (kind === 'directory') return dir;
    if (kind === 'other') {
      throw new ConfigurationError(
        path === dir
          ? `--${option} ${given} is a file: give a directory (it is created when missing)`
          : `--${option} ${given} cannot be created: ${path} is a file`,
      );
    }
    if (dirname(path) === path) return dir;
  }
}
