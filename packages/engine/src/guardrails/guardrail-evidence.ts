import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { reportDate, sanitizeDeep, toError, type GuardrailPlan, type JsonObject } from '@opsguard/core';
import {
  appendCapabilityEvents,
  refreshEvidenceIndex,
  withBundleLock,
  writeFileAtomic,
  type CapabilityEvent,
} from '@opsguard/evidence';

export interface GuardrailEvidence {
  /** The evidence root (`docs`): the bundle is `<outDir>/reports/<YYYY-MM-DD>/`. */
  readonly outDir: string;
  readonly timeZone: string;
  readonly now: Date;
  readonly sanitize: (text: string) => string;
  readonly events: readonly CapabilityEvent[];
  /** Written as `guardrails/plan-<hash>.json`: what was reviewed, or applied at once. */
  readonly plan?: { readonly plan: GuardrailPlan; readonly hash: string };
  readonly log: (line: string) => void;
}

/**
 * Puts a guardrail run into the day's evidence bundle: the plan file and the day's
 * `logs/guardrail_log_YYYYMMDD.log` (every decision, application and clean-up), sanitised,
 * under the bundle lock, the index refreshed when the bundle has one. Best effort: a bundle that
 * cannot be written is reported and never undoes what was done. Returns the bundle folder.
 */
export async function writeGuardrailEvidence(evidence: GuardrailEvidence): Promise<string | null> {
  const date = reportDate(evidence.now, evidence.timeZone);
  const bundleDir = join(evidence.outDir, 'reports', date);
  try {
    await mkdir(bundleDir, { recursive: true });
    const changed: string[] = [];
    if (evidence.plan) {
      const path = `guardrails/plan-${evidence.plan.hash}.json`;
      const clean = sanitizeDeep(
        { hash: evidence.plan.hash, plan: evidence.plan.plan } as unknown as JsonObject,
        evidence.sanitize,
      );
      await withBundleLock(bundleDir, async () => {
        await mkdir(join(bundleDir, 'guardrails'), { recursive: true });
        await writeFileAtomic(join(bundleDir, path), `${JSON.stringify(clean, null, 2)}\n`);
      });
      changed.push(path);
    }
    if (evidence.events.length > 0) {
      // Takes the bundle lock itself.
      const written = await appendCapabilityEvents({
        bundleDir,
        date,
        capability: 'guardrail',
        events: evidence.events,
        sanitize: evidence.sanitize,
        now: evidence.now,
      });
      changed.push(written.path);
    }
    await withBundleLock(bundleDir, () => refreshEvidenceIndex(bundleDir, changed, evidence.now));
    return bundleDir;
  } catch (error) {
    evidence.log(`guardrail evidence not written to ${bundleDir}: ${toError(error).message}`);
    return null;
  }
}
