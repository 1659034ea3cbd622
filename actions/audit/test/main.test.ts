import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useActionHarness, useReplay } from '@opsguard/testing';
import { run } from '../src/main.js';

const harness = useActionHarness();
const replay = useReplay();

interface TicketOutput {
  readonly id: string;
  readonly risk: string;
  readonly rule: string;
  readonly occurrences: number;
  readonly issue: string | null;
}

function inRepository(): Record<string, string> {
  process.env['GITHUB_API_URL'] = replay.server().url;
  process.env['GITHUB_REPOSITORY'] = replay.server().sample.repository.full_name;
  return { token: 'ghs_replayTokenForTests000', 'out-dir': join(harness.dir(), 'docs') };
}

describe('audit action: configuration errors', () => {
  it.each([
    ['issues not a boolean', { issues: 'maybe' }, 'input "issues" must be true or false, not "maybe"'],
    ['days out of range', { days: '31' }, 'input "days" must be between 1 and 30, not 31'],
    ['no token', { token: '' }, 'input "token" is required'],
  ])('%s: one line, exit code 1, no request', async (_case, inputs, message) => {
    const mark = replay.server().requests().length;
    const step = await harness.runStep(run, { ...inRepository(), ...inputs });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([expect.stringContaining(message)]);
    expect(replay.server().requests().slice(mark)).toEqual([]);
  });

  it('a malformed audit-rules file: file, JSON path, expected and found, before any request', async () => {
    const rules = join(harness.dir(), 'audit-rules.json');
    writeFileSync(rules, JSON.stringify({ defaultLevel: 'severe' }));
    const mark = replay.server().requests().length;
    const step = await harness.runStep(run, { ...inRepository(), 'audit-rules': rules });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([
      `Configuration error: ${rules}: at /defaultLevel: expected one of "low", "medium", "high", "critical", found "severe"`,
    ]);
    expect(replay.server().requests().slice(mark)).toEqual([]);
  });
});

describe('audit action over the replayed repository', () => {
  it('writes one ticket per failure cluster, outputs them, verifies the bundle, and opens issues only when asked', async () => {
    const mark = replay.server().requests().length;
    const step = await harness.runStep(run, { ...inRepository(), days: '3' });
    expect(step.errors).toEqual([]);
    const tickets = JSON.parse(step.outputs['tickets-json'] ?? '') as TicketOutput[];
    expect(tickets.length).toBeGreaterThan(0);
    expect(step.outputs['tickets']).toBe(String(tickets.length));
    expect(step.outputs['high']).toBe(String(tickets.filter((t) => t.risk === 'high').length));
    expect(step.outputs['verified']).toBe('true');
    for (const t of tickets) {
      expect(t.id).toMatch(/^audit_ticket_\d{8}_\d{6}$/);
      expect(t.rule).not.toBe('');
      expect(t.issue).toBeNull();
    }
    const dir = join(step.outputs['bundle-path'] ?? '', 'audit_tickets');
    expect(readdirSync(dir).filter((n) => n.endsWith('.json'))).toHaveLength(tickets.length);
    expect(existsSync(join(dir, `${tickets[0]?.id ?? ''}.md`))).toBe(true);
    expect(step.summary).toContain(`### OpsGuard audit tickets: ${tickets.length} (`);
    // Read-only: no re-run, no issue.
    expect(
      replay
        .server()
        .requests()
        .slice(mark)
        .filter((r) => r.method !== 'GET'),
    ).toEqual([]);
  }, 120_000);
});
