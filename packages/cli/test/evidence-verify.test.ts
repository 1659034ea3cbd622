import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '../src/command.js';
import { auditTicketsCommand } from '../src/commands/audit-tickets.js';
import { evidenceCommand } from '../src/commands/evidence.js';
import { main } from '../src/main.js';
import { aRun, logEvent, writeSample } from '../../evidence/test/support/sample-bundle.js';

function io(cwd: string): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString('utf8')));
  stderr.on('data', (c: Buffer) => err.push(c.toString('utf8')));
  return {
    stdin: Readable.from([]),
    stdout,
    stderr,
    env: {},
    cwd,
    now: () => new Date('2026-12-01T03:00:00Z'),
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

async function bundle(): Promise<{ root: string; dir: string }> {
  const root = mkdtempSync(join(tmpdir(), 'cli-verify-'));
  const dir = join(root, 'reports', '2026-12-01');
  await writeSample(dir, [
    aRun({ runId: 7001 }),
    aRun({ runId: 7002, workflowName: 'CI', conclusion: 'success', cause: null }),
  ]);
  await logEvent(dir, 'x');
  return { root, dir };
}

describe('opsguard evidence verify DIR', () => {
  it('exits 0 and says what it checked on a bundle as written', async () => {
    const { root } = await bundle();
    const cli = io(root);
    expect(await evidenceCommand.run({}, ['verify', 'reports/2026-12-01'], cli)).toBe(0);
    expect(cli.out()).toMatch(
      /^ok: reports\/2026-12-01 \(\d+ files, \d+ links, 2 runs, \d+ numbers in 3 documents, \d+ recounted figures\)\n$/,
    );
  });

  it('exits 1 naming the file, the line and both values: one number, one link, one byte', async () => {
    const { root, dir } = await bundle();
    const kpi = readFileSync(join(dir, 'OPS_HEALTH_KPI.md'), 'utf8');
    writeFileSync(join(dir, 'OPS_HEALTH_KPI.md'), kpi.replace('| ≥ 95.0% |', '| ≥ 96.0% |'));
    const line = kpi.split('\n').findIndex((l) => l.includes('| ≥ 95.0% |')) + 1;
    const summary = readFileSync(join(dir, 'AUDIT_SUMMARY.md'), 'utf8');
    writeFileSync(join(dir, 'AUDIT_SUMMARY.md'), summary.replace('(_evidence_index.md)', '(_evidence_indx.md)'));
    const linkLine = summary.split('\n').findIndex((l) => l.includes('(_evidence_index.md)')) + 1;
    const log = readFileSync(join(dir, 'logs/detection_log_20261201.log'));
    log[5] = log[5] === 0x61 ? 0x62 : 0x61;
    writeFileSync(join(dir, 'logs/detection_log_20261201.log'), log);
    const cli = io(root);
    expect(await main(['evidence', 'verify', dir], cli)).toBe(1);
    const lines = cli.out().trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        `OPS_HEALTH_KPI.md:${line}: states 96.0%, KPI.json /targets/successRate gives 95.0%`,
        `AUDIT_SUMMARY.md:${linkLine}: link to _evidence_indx.md does not resolve`,
        expect.stringMatching(
          /^logs\/detection_log_20261201\.log: edited after it was written: sha256 [0-9a-f]{64}, the index \(_evidence_index\.md:\d+\) lists [0-9a-f]{64}$/,
        ),
      ]),
    );
    expect(cli.err()).toMatch(/^\d+ problem\(s\) in /);
  });

  it('--json reports the typed problems too; a missing folder or an unknown verb is named, exit 1', async () => {
    const { root } = await bundle();
    const cli = io(root);
    expect(await evidenceCommand.run({ json: true }, ['verify', 'reports/2026-12-01'], cli)).toBe(0);
    expect(JSON.parse(cli.out())).toMatchObject({ ok: true, problems: [], messages: [] });
    const other = io(root);
    expect(await main(['evidence', 'verify', 'nope'], other)).toBe(1);
    expect(other.err()).toContain('nope is not a folder');
    expect(await main(['evidence', 'check', 'x'], other)).toBe(1);
  });
});

describe('opsguard audit-tickets --bundle DIR', () => {
  it('lists the bundle’s tickets, riskiest first, with the rule that gave each level', async () => {
    const { root } = await bundle();
    const cli = io(root);
    expect(await auditTicketsCommand.run({ bundle: 'reports/2026-12-01' }, [], cli)).toBe(0);
    expect(cli.out()).toMatch(
      /^1 audit ticket\(s\) in reports\/2026-12-01: 0 critical, 1 high, 0 medium, 0 low\n {2}audit_ticket_20261201_100600 {2}high {5}permission-on-deploy {5}permission_403 +×1 +Deploy \/ deploy: permission_403\n$/,
    );
  });

  it('without --repo or --bundle it says what is missing', async () => {
    const cli = io(mkdtempSync(join(tmpdir(), 'cli-')));
    expect(await main(['audit-tickets'], cli)).toBe(1);
    expect(cli.err()).toContain('--repo is required');
  });
});
