import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useActionHarness, useReplay } from '@opsguard/testing';
import { run } from '../src/main.js';

const harness = useActionHarness();
const replay = useReplay();

/** The step as a workflow in the replayed repository runs it. */
function inRepository(): Record<string, string> {
  process.env['GITHUB_API_URL'] = replay.server().url;
  process.env['GITHUB_REPOSITORY'] = replay.server().sample.repository.full_name;
  return { token: 'ghs_replayTokenForTests000', 'out-dir': join(harness.dir(), 'docs') };
}

describe('kpi action: configuration errors', () => {
  it.each([
    ['days out of range', { days: '31' }, 'input "days" must be between 1 and 30, not 31'],
    ['days not a number', { days: 'a week' }, 'input "days" must be a whole number'],
    ['jobs not a choice', { jobs: 'some' }, 'input "jobs" must be one of failed, all'],
    ['no token', { token: '' }, 'input "token" is required'],
    ['an unknown time zone', { 'time-zone': 'Tokyo' }, 'Tokyo'],
  ])('%s: one line, exit code 1, no request', async (_case, inputs, message) => {
    const mark = replay.server().requests().length;
    const step = await harness.runStep(run, { ...inRepository(), ...inputs });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([expect.stringMatching(/^Configuration error: /)]);
    expect(step.errors[0]).toContain(message);
    expect(step.errors[0]).not.toContain('%0A');
    expect(replay.server().requests().slice(mark)).toEqual([]);
    expect(step.outputs).toEqual({});
  });

  it('outside a workflow run without a repository input: asks for one', async () => {
    const inputs = inRepository();
    delete process.env['GITHUB_REPOSITORY'];
    const step = await harness.runStep(run, inputs);
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([
      'Configuration error: input "repository" is required outside a workflow run (GITHUB_REPOSITORY is not set)',
    ]);
  });
});

describe('kpi action over the replayed repository', () => {
  it('outputs the 7-day success rate and p95, the dashboard, and a summary with the table and trend lines', async () => {
    const mark = replay.server().requests().length;
    // 8 days: the 7-day window in full, in less time than the default 30.
    const step = await harness.runStep(run, { ...inRepository(), days: '8' });

    expect(step.errors).toEqual([]);
    expect(step.exitCode).toBeUndefined();
    const rate = Number(step.outputs['success-rate']);
    expect(rate).toBeGreaterThan(0);
    expect(rate).toBeLessThan(1);
    expect(Number(step.outputs['p95-duration-ms'])).toBeGreaterThan(60_000);
    expect(step.outputs).toHaveProperty('mttr-ms');
    const dashboard = step.outputs['dashboard'] ?? '';
    expect(dashboard).toBe(join(step.outputs['bundle-path'] ?? '', 'dashboard.html'));
    expect(dashboard.startsWith(join(harness.dir(), 'docs'))).toBe(true);
    expect(await readFile(dashboard, 'utf8')).toMatch(/^<!doctype html>/i);

    expect(step.summary).toContain('### OpsGuard KPIs — last 7 days');
    expect(step.summary).toContain('| Success rate (by run / by attempt) |');
    expect(step.summary).toContain('| workflow | runs | success | p95 duration | failures by cause |');
    for (const workflow of ['CI', 'Lint', 'E2E'])
      expect(step.summary).toMatch(new RegExp(`^\\| ${workflow} \\| \\d+ \\|`, 'm'));
    // One trend line per figure, a bar per day.
    const trends = [...step.summary.matchAll(/`([▁▂▃▄▅▆▇█ ]+)`/g)].map((m) => m[1] ?? '');
    expect(trends.length).toBeGreaterThanOrEqual(3);
    expect(trends.every((t) => t.length >= 7)).toBe(true);
    expect(step.summary).toContain(`The dashboard is \`${dashboard}\` in the evidence bundle.`);

    // Read-only: the KPIs never re-run, cancel or open anything.
    expect(
      replay
        .server()
        .requests()
        .slice(mark)
        .filter((r) => r.method !== 'GET'),
    ).toEqual([]);
  });

  it('days: 1 collects one day and still writes the dashboard and the summary', async () => {
    const step = await harness.runStep(run, { ...inRepository(), days: '1' });
    expect(step.exitCode).toBeUndefined();
    expect(existsSync(step.outputs['dashboard'] ?? '')).toBe(true);
    expect(step.summary).toContain('### OpsGuard KPIs');
  });
});
