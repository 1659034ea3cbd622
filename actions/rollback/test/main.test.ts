import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { rollbackPlanHash, type RollbackPlan } from '@opsguard/core';
import { aWorkflow, aWorkflowRun, useActionHarness } from '@opsguard/testing';
import { run } from '../src/main.js';

// Store-less on nock: the plan goes to a file, apply reads it back and checks its hash first.
const harness = useActionHarness();
const API = 'https://api.github.com';
const REPO = '/repos/acme/webshop';
const DEPLOY = aWorkflow({ id: 61200421, name: 'Deploy', path: '.github/workflows/deploy.yml' });
const LINT = aWorkflow({ id: 61200418, name: 'Lint', path: '.github/workflows/lint.yml', state: 'disabled_manually' });
const TOKEN = 'ghp_rollbackActionToken000000000000000';

afterEach(() => nock.cleanAll());

/** The kill switch's store-less record (OPSGUARD_KILL_RECORD): it disabled Lint, which was active. */
function killRecordVariable(): string {
  const at = '2026-12-03T07:00:00.000Z';
  const record = {
    id: 'kill-switch:acme/webshop:global:*:2026-12-03T07:00:00.000Z',
    kind: 'kill-switch',
    repo: 'acme/webshop',
    scope: 'global:*',
    reason: 'retry storm',
    prior_state: { [`workflow:${LINT.id}`]: 'active' },
    steps: [],
    status: 'applied',
    created_by: 'octocat',
    created_at: at,
    updated_at: at,
  };
  return JSON.stringify({ v: 1, records: [record] });
}

function variable(name: string, value: string) {
  return { name, value, created_at: '2026-12-03T07:00:00Z', updated_at: '2026-12-03T07:00:00Z' };
}

/** The reads a plan makes: workflows, Deploy's unfinished runs (one in progress), the kill switch's record. */
function servePlanReads(): nock.Scope {
  return nock(API)
    .get(`${REPO}/actions/workflows`)
    .query(true)
    .reply(200, { total_count: 2, workflows: [DEPLOY, LINT] })
    .get(`${REPO}/actions/workflows/${DEPLOY.id}/runs`)
    .query((q) => q['status'] === 'in_progress')
    .reply(200, {
      total_count: 1,
      workflow_runs: [aWorkflowRun({ id: 9001, workflow_id: DEPLOY.id, status: 'in_progress', conclusion: null })],
    })
    .get(`${REPO}/actions/workflows/${DEPLOY.id}/runs`)
    .times(4)
    .query((q) => q['status'] !== 'in_progress')
    .reply(200, { total_count: 0, workflow_runs: [] })
    .get(`${REPO}/actions/variables/OPSGUARD_KILL_RECORD`)
    .reply(200, variable('OPSGUARD_KILL_RECORD', killRecordVariable()));
}

const base = { token: TOKEN, 'kill-variable': 'false' };

describe('rollback action: configuration errors (nothing is requested)', () => {
  it.each([
    ['an unknown command', { command: 'undo' }, 'input "command" must be one of plan, apply, history, not "undo"'],
    ['apply without plan-sha256', { command: 'apply' }, 'input "plan-sha256" is required to apply'],
    [
      'a plan-sha256 that is no SHA-256',
      { command: 'apply', 'plan-sha256': 'abc' },
      'input "plan-sha256" must be 64 hex digits',
    ],
    [
      'apply without a store and without plan-file',
      { command: 'apply', 'plan-sha256': 'a'.repeat(64) },
      'input "plan-file" is required to apply without a store',
    ],
    ['a short good-commit', { 'good-commit': 'abc1234' }, 'input "good-commit" must be a full commit SHA'],
    [
      'a secret that is no name',
      { 'secret-names': 'NPM TOKEN' },
      'input "secret-names": "NPM TOKEN" is not a secret name',
    ],
    ['an unknown condition', { condition: 'bored' }, 'input "condition" must be one of manual'],
    [
      'a Supabase URL without its key',
      { 'supabase-url': 'https://abc.supabase.co' },
      'inputs "supabase-url" and "supabase-key" go together',
    ],
  ])('%s: one line, exit code 1, no output', async (_case, inputs, message) => {
    process.env['GITHUB_REPOSITORY'] = 'acme/webshop';
    const step = await harness.runStep(run, { ...base, ...inputs });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([expect.stringContaining(`Configuration error: ${message}`)]);
    expect(step.outputs).toEqual({});
  });

  it('the token is masked before any input is refused', async () => {
    process.env['GITHUB_REPOSITORY'] = 'acme/webshop';
    const writes: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (
      writes.push(String(chunk)),
      write(chunk)
    )) as typeof process.stdout.write;
    try {
      await harness.runStep(run, { ...base, command: 'undo' });
    } finally {
      process.stdout.write = write;
    }
    expect(writes.join('')).toContain(`::add-mask::${TOKEN}`);
  });
});

describe('rollback action without a store', () => {
  it('plan: the steps, what each changes, the SHA-256 and the limits; the plan file; nothing changed', async () => {
    process.env['GITHUB_REPOSITORY'] = 'acme/webshop';
    const reads = servePlanReads();
    const out = join(harness.dir(), 'plans');

    const step = await harness.runStep(run, { ...base, workflow: 'Deploy', reason: 'bad deploy', 'out-dir': out });

    expect(step.errors).toEqual([]);
    expect(step.exitCode).toBeUndefined();
    expect(reads.isDone()).toBe(true);
    const hash = step.outputs['plan-sha256'] ?? '';
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const file = step.outputs['plan-file'] ?? '';
    expect(file).toBe(join(out, `rollback-plan-${hash.slice(0, 12)}.json`));
    const written = JSON.parse(readFileSync(file, 'utf8')) as { sha256: string; plan: RollbackPlan };
    expect(written.sha256).toBe(hash);
    expect(rollbackPlanHash(written.plan)).toBe(hash);
    expect(written.plan.steps).toEqual([
      { kind: 'stop-workflow', workflowId: DEPLOY.id, workflowName: 'Deploy', priorState: 'active', runIds: [9001] },
      {
        kind: 'enable-workflow',
        workflowId: LINT.id,
        workflowName: 'Lint',
        disabledBy: expect.stringMatching(/^kill-switch:/),
      },
    ]);
    expect(JSON.parse(step.outputs['steps'] ?? '[]')).toHaveLength(2);
    expect(step.outputs['result']).toBe('');
    expect(step.summary).toContain('### OpsGuard rollback plan: 2 step(s)');
    expect(step.summary).toContain(`SHA-256: \`${hash}\``);
    expect(step.summary).toContain(
      '| 1 | stop-workflow | stop workflow Deploy (disable; cancel 1 unfinished run(s)) |',
    );
    expect(step.summary).toContain('A deleted secret cannot be restored, only re-issued');
    expect(step.summary).toContain('no store: the plan is kept in the plan file only');
  });

  it('apply: a plan-sha256 that does not match the plan file is refused before any request', async () => {
    process.env['GITHUB_REPOSITORY'] = 'acme/webshop';
    const plan: RollbackPlan = {
      version: 1,
      repo: 'acme/webshop',
      trigger: { condition: 'manual', detail: 'by hand' },
      plannedAt: '2026-12-03T08:00:00.000Z',
      plannedBy: 'octocat',
      steps: [{ kind: 'enable-workflow', workflowId: LINT.id, workflowName: 'Lint', disabledBy: 'ks-1' }],
    };
    const file = join(harness.dir(), 'plan.json');
    writeFileSync(file, JSON.stringify({ sha256: rollbackPlanHash(plan), plan }));
    // Only the store-less record read may happen; no write is served.
    nock(API).get(`${REPO}/actions/variables/OPSGUARD_KILL_RECORD`).optionally().reply(404, { message: 'Not Found' });

    const step = await harness.runStep(run, {
      ...base,
      command: 'apply',
      'plan-sha256': 'b'.repeat(64),
      'plan-file': file,
    });

    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([
      expect.stringMatching(
        /^Configuration error: plan-sha256 does not match the plan file: it hashes to [0-9a-f]{64}/,
      ),
    ]);
    expect(step.outputs).toEqual({});
  });

  it('apply: each step done and read back, reported with its result', async () => {
    process.env['GITHUB_REPOSITORY'] = 'acme/webshop';
    const plan: RollbackPlan = {
      version: 1,
      repo: 'acme/webshop',
      trigger: { condition: 'manual', detail: 'bad deploy' },
      plannedAt: '2026-12-03T08:00:00.000Z',
      plannedBy: 'octocat',
      steps: [{ kind: 'enable-workflow', workflowId: LINT.id, workflowName: 'Lint', disabledBy: 'ks-1' }],
    };
    const hash = rollbackPlanHash(plan);
    const file = join(harness.dir(), 'plan.json');
    writeFileSync(file, JSON.stringify({ sha256: hash, plan }));
    let enabled = false;
    const github = nock(API)
      .get(`${REPO}/actions/variables/OPSGUARD_KILL_RECORD`)
      .reply(404, { message: 'Not Found' })
      .get(`${REPO}/actions/workflows/${LINT.id}`)
      .times(2)
      .reply(200, () => ({ ...LINT, state: enabled ? 'active' : 'disabled_manually' }))
      .put(`${REPO}/actions/workflows/${LINT.id}/enable`)
      .reply(204, () => {
        enabled = true;
        return '';
      });

    const step = await harness.runStep(run, { ...base, command: 'apply', 'plan-sha256': hash, 'plan-file': file });

    expect(step.errors).toEqual([]);
    expect(github.isDone()).toBe(true);
    expect(enabled).toBe(true);
    expect(step.outputs['result']).toBe('applied');
    expect(step.outputs['plan-sha256']).toBe(hash);
    expect(step.outputs['failed-step']).toBe('');
    expect(step.outputs['record-id']).toBe(`rollback:${hash.slice(0, 32)}`);
    expect(JSON.parse(step.outputs['steps'] ?? '[]')).toEqual([
      expect.objectContaining({ id: `enable-workflow:${LINT.id}`, status: 'done', detail: 'Lint active' }),
    ]);
    expect(step.summary).toContain(`### OpsGuard rollback applied: plan \`${hash.slice(0, 12)}\``);
    expect(step.summary).toContain('| re-enable workflow Lint');
    expect(existsSync(join(harness.cwd(), '.opsguard'))).toBe(false);
  });

  it('history needs a store: one clear error', async () => {
    process.env['GITHUB_REPOSITORY'] = 'acme/webshop';
    const step = await harness.runStep(run, { ...base, command: 'history' });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([
      expect.stringContaining('Configuration error: command history reads the rollback history from the store'),
    ]);
  });
});
