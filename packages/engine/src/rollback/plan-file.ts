import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError, rollbackPlanHash, toError, type RollbackPlan } from '@opsguard/core';
import type { PlannedRollback } from './plan-rollback.js';

/** The file a plan is written to (the artifact a later apply job reads without a store). */
export function rollbackPlanFileText(planned: PlannedRollback): string {
  return `${JSON.stringify({ sha256: planned.hash, plan: planned.plan }, null, 2)}\n`;
}

/**
 * The plan a plan file holds. Its hash is not trusted: the apply checks the plan itself against
 * the hash the person gives. A file that is not a rollback plan is named, with the field.
 */
export function parseRollbackPlanFile(text: string, field: string): RollbackPlan {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigurationError(`${field} is not JSON: give the file the rollback plan step wrote`);
  }
  const plan = typeof parsed === 'object' && parsed !== null ? (parsed as { plan?: unknown }).plan : undefined;
  const shaped =
    typeof plan === 'object' &&
    plan !== null &&
    (plan as { version?: unknown }).version === 1 &&
    typeof (plan as { repo?: unknown }).repo === 'string' &&
    Array.isArray((plan as { steps?: unknown }).steps);
  if (!shaped) throw new ConfigurationError(`${field} holds no rollback plan (version 1, repo, steps)`);
  return plan as RollbackPlan;
}

/** The plan's hash, as the file's name carries it (`rollback-plan-<first 12>.json`). */
export function rollbackPlanFileName(plan: RollbackPlan): string {
  return `rollback-plan-${rollbackPlanHash(plan).slice(0, 12)}.json`;
}

/**
 * Reads and parses a plan file; one that cannot be read is the user's mistake, named with the
 * field. `path` may be the folder a downloaded plan artifact landed in: the file in it is the one
 * named for `planHash` (a workflow cannot compute that name in an expression).
 */
export async function readRollbackPlanFile(path: string, field: string, planHash?: string): Promise<RollbackPlan> {
  let text: string;
  let file = path;
  try {
    if (planHash !== undefined && (await stat(path)).isDirectory())
      file = join(path, `rollback-plan-${planHash.slice(0, 12)}.json`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`${field}: cannot read ${file} (${toError(error).message})`, { cause: error });
  }
  return parseRollbackPlanFile(text, field);
}
