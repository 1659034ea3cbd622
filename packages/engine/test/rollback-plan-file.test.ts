// The plan file is the only carrier of a plan without a store: it must round-trip, be found in
// the folder a downloaded artifact lands in, and refuse anything that is not a plan by name.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { isConfigurationError, rollbackPlanHash, type RollbackPlan } from '@opsguard/core';
import { readRollbackPlanFile, rollbackPlanFileName, rollbackPlanFileText } from '../src/index.js';

const PLAN: RollbackPlan = {
  version: 1,
  repo: 'acme/webshop',
  trigger: { condition: 'manual', detail: 'by hand' },
  plannedAt: '2026-12-03T10:00:00.000Z',
  plannedBy: 'octocat',
  steps: [{ kind: 'enable-workflow', workflowId: 61200418, workflowName: 'Lint', disabledBy: 'kill-switch:1' }],
};
const HASH = rollbackPlanHash(PLAN);

function planDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'opsguard-plan-file-'));
  writeFileSync(join(dir, rollbackPlanFileName(PLAN)), rollbackPlanFileText({ plan: PLAN, hash: HASH, lines: [] }));
  return dir;
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isConfigurationError(error)).toBe(true);
  return (error as Error).message;
}

describe('rollback plan file', () => {
  test('round-trips the plan, named for its hash', async () => {
    const dir = planDir();
    expect(rollbackPlanFileName(PLAN)).toBe(`rollback-plan-${HASH.slice(0, 12)}.json`);
    expect(await readRollbackPlanFile(join(dir, rollbackPlanFileName(PLAN)), 'plan-file')).toEqual(PLAN);
  });

  test('a folder (the downloaded artifact) yields the file named for the given hash', async () => {
    const dir = planDir();
    expect(await readRollbackPlanFile(dir, 'plan-file', HASH)).toEqual(PLAN);
  });

  test('a folder without the plan of that hash is named in one error', async () => {
    const dir = planDir();
    const other = 'f'.repeat(64);
    const message = await refusal(readRollbackPlanFile(dir, 'plan-file', other));
    expect(message).toContain('plan-file: cannot read');
    expect(message).toContain(`rollback-plan-${other.slice(0, 12)}.json`);
  });

  test('a file that is not a plan, or not JSON, is refused by the field name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsguard-plan-file-'));
    const notJson = join(dir, 'a.json');
    writeFileSync(notJson, 'not json');
    expect(await refusal(readRollbackPlanFile(notJson, 'plan-file'))).toBe(
      'plan-file is not JSON: give the file the rollback plan step wrote',
    );
    const noPlan = join(dir, 'b.json');
    writeFileSync(noPlan, JSON.stringify({ sha256: HASH, plan: { version: 2, repo: 'x', steps: [] } }));
    expect(await refusal(readRollbackPlanFile(noPlan, 'plan-file'))).toContain('holds no rollback plan');
    mkdirSync(join(dir, 'sub'));
    expect(await refusal(readRollbackPlanFile(join(dir, 'sub'), 'plan-file'))).toContain('plan-file: cannot read');
  });
});
