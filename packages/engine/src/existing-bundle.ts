import { INDEX_FILE, listBundleFiles, sha256File, type BundleResult } from '@opsguard/evidence';
import { ConfigurationError } from '@opsguard/core';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** A bundle another step wrote, read back for publishing (its index must be there). */
export async function existingBundle(dir: string): Promise<BundleResult> {
  const full = resolve(dir);
  const index = join(full, INDEX_FILE);
  if (!(await stat(index).catch(() => null))?.isFile()) {
    throw new ConfigurationError(
      `no evidence bundle at ${dir}: ${INDEX_FILE} is missing (pass the bundle-path output of the detect or kpi step)`,
    );
  }
  const files = await listBundleFiles(full);
  return { dir: full, files, indexSha256: await sha256File(index), runs: 0, retries: 0, tickets: [], screenshot: null };
}
