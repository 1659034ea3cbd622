import { join } from 'node:path';
import { withBundleLock } from './bundle-lock.js';
import { runKey, type RetryManifestEntry } from './entries.js';
import { refreshEvidenceIndex } from './evidence-index.js';
import { mergeRecordFile, type MergeResult } from './record-file.js';
import { sanitizeDeep } from '@opsguard/core';

/**
 * Merges retry decisions into a day's AUTO_RETRY_MANIFEST.json from outside the bundle writer
 * (the auto-retry workflow, between two audits): under the bundle lock, sanitised, and the index
 * (when the day has one) updated, so `verify` keeps passing.
 */
export function mergeRetryManifest(
  bundleDir: string,
  entries: readonly RetryManifestEntry[],
  sanitize: (text: string) => string,
  now: Date,
): Promise<MergeResult & { readonly path: string }> {
  return withBundleLock(bundleDir, async () => {
    const path = join(bundleDir, 'AUTO_RETRY_MANIFEST.json');
    const result = await mergeRecordFile(path, sanitizeDeep(entries, sanitize), runKey, now);
    await refreshEvidenceIndex(bundleDir, ['AUTO_RETRY_MANIFEST.json'], now);
    return { ...result, path };
  });
}
