import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { useActionHarness, useReplay } from '@opsguard/testing';
import { run } from '../src/main.js';

const harness = useActionHarness();
const replay = useReplay();

interface AnomalyOutput {
  readonly rule: string;
  readonly subject: string;
  readonly value: number;
  readonly baseline: number | null;
  readonly severity: string;
  readonly message: string;
}

/** The step as a workflow in the replayed repository runs it. */
function inRepository(): Record<string, string> {
  process.env['GITHUB_API_URL'] = replay.server().url;
  process.env['GITHUB_REPOSITORY'] = replay.server().sample.repository.full_name;
  return { token: 'ghs_replayTokenForTests000', 'out-dir': join(harness.dir(), 'docs') };
}

describe('detect action: configuration errors', () => {
  it.each([
    ['apply not a boolean', { apply: 'sometimes' }, 'input "apply" must be true or false, not "sometimes"'],
    ['days out of range', { days: '0' }, 'input "days" must be between 1 and 30, not 0'],
    ['a repository that is not owner/name', { repository: 'acme' }, 'input "repository" must be owner/name'],
    ['no token', { token: '' }, 'input "token" is required'],
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

  it('a detection-rules file that does not exist: a configuration error, no request', async () => {
    const mark = replay.server().requests().length;
    const missing = join(harness.dir(), 'no-such-rules.json');
    const step = await harness.runStep(run, { ...inRepository(), rules: missing });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([expect.stringMatching(/^Configuration error: .*no-such-rules\.json/)]);
    expect(replay.server().requests().slice(mark)).toEqual([]);
  });
});

describe('detect action over the replayed repository', () => {
  it('apply: false finds the anomalies, outputs them as JSON whose length is the count, and changes nothing', async () => {
    const mark = replay.server().requests().length;
    const step = await harness.runStep(run, { ...inRepository(), apply: 'false' });

    expect(step.errors).toEqual([]);
    expect(step.exitCode).toBeUndefined();
    const anomalies = JSON.parse(step.outputs['anomalies'] ?? '') as AnomalyOutput[];
    expect(anomalies.length).toBeGreaterThan(0);
    expect(step.outputs['count']).toBe(String(anomalies.length));
    expect(step.outputs['critical']).toBe(String(anomalies.some((a) => a.severity === 'critical')));
    for (const a of anomalies) {
      expect(Object.keys(a).sort()).toEqual(['baseline', 'message', 'rule', 'severity', 'subject', 'value']);
      expect(a.message).not.toBe('');
    }
    // The sample's CI workflow got 1.8× slower three days ago.
    expect(anomalies).toContainEqual(expect.objectContaining({ subject: expect.stringContaining('CI') }));
    expect(step.outputs['dispatched']).toBe('0');
    expect(existsSync(join(step.outputs['bundle-path'] ?? '', '_evidence_index.md'))).toBe(true);

    expect(step.summary).toContain(`### OpsGuard detection: ${anomalies.length} anomal`);
    expect(step.summary).toContain('| severity | rule | subject | value | baseline | |');
    for (const a of anomalies) expect(step.summary).toContain(`| ${a.severity} | ${a.rule} |`);

    // Detect never re-runs (retries stay in shadow mode), and apply: false opens no issue.
    expect(
      replay
        .server()
        .requests()
        .slice(mark)
        .filter((r) => r.method !== 'GET'),
    ).toEqual([]);
  });
});
