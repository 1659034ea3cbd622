import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem, verifyBundle, type RecordFile, type RunSummaryEntry } from '../src/index.js';
import { aRun, logEvent, writeSample } from './support/sample-bundle.js';

const fixtures = new URL('./fixtures/', import.meta.url).pathname;
const bundleDir = () => join(mkdtempSync(join(tmpdir(), 'verify-')), 'reports', '2026-12-01');

async function sample(): Promise<string> {
  const dir = bundleDir();
  await writeSample(dir, [
    aRun({ runId: 7001 }),
    aRun({ runId: 7002, updatedAt: '2026-12-01T02:06:00.000Z' }),
    aRun({ runId: 7003, workflowName: 'CI', conclusion: 'success', cause: null }),
  ]);
  await logEvent(dir, 'a');
  return dir;
}

const edit = (dir: string, file: string, change: (text: string) => string) =>
  writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));

const lineOf = (dir: string, file: string, needle: string) =>
  readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(needle)) + 1;

function runChild(script: string, args: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(fixtures, script), ...args], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
}

describe('opsguard evidence verify', () => {
  it('passes on a bundle as written: files, links, runs, numbers and figures all agree', async () => {
    const dir = await sample();
    const report = await verifyBundle(dir);
    expect(report.problems.map(formatProblem)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checked.runs).toBe(3);
    expect(report.checked.documents).toBe(3); // AUDIT_SUMMARY.md, OPS_HEALTH_KPI.md, one ticket
    expect(report.checked.numbers).toBeGreaterThan(30);
    const layout = readdirSync(dir).sort();
    expect(layout).toEqual(
      expect.arrayContaining([
        'AUDIT_SUMMARY.md',
        'OPS_HEALTH_KPI.md',
        'RUNS_SUMMARY.json',
        '_evidence_index.md',
        'audit_tickets',
        'logs',
      ]),
    );
    const tickets = readdirSync(join(dir, 'audit_tickets'));
    expect(tickets).toEqual(['audit_ticket_20261201_100600.json', 'audit_ticket_20261201_100600.md']);
    const index = readFileSync(join(dir, '_evidence_index.md'), 'utf8');
    expect(index).toContain(
      '| [7001](https://github.com/acme/webshop/actions/runs/7001) | Deploy | 1 | failure | [audit_ticket_20261201_100600.md](audit_tickets/audit_ticket_20261201_100600.md) |',
    );
  });

  it('a changed number: names the document, the line and both values', async () => {
    const dir = await sample();
    const line = lineOf(dir, 'AUDIT_SUMMARY.md', 'runs still failed');
    edit(dir, 'AUDIT_SUMMARY.md', (t) => t.replace('- 3 runs, 3 attempts', '- 4 runs, 3 attempts'));
    const report = await verifyBundle(dir);
    expect(report.ok).toBe(false);
    expect(report.problems.map(formatProblem)).toEqual(
      expect.arrayContaining([
        `AUDIT_SUMMARY.md:${line}: states 4, AUDIT_SUMMARY.json /figures/runs gives 3`,
        expect.stringMatching(
          /^AUDIT_SUMMARY\.md: edited after it was written: sha256 [0-9a-f]{64}, the index \(_evidence_index\.md:\d+\) lists [0-9a-f]{64}$/,
        ),
      ]),
    );
  });

  it('a changed number in the JSON: the document no longer matches its source', async () => {
    const dir = await sample();
    edit(dir, 'KPI.json', (t) => t.replace('"successRate": 0.95', '"successRate": 0.9'));
    const messages = (await verifyBundle(dir)).problems.map(formatProblem);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^OPS_HEALTH_KPI\.md:\d+: states 95\.0%, KPI\.json \/targets\/successRate gives 90\.0%$/),
      ]),
    );
  });

  it('a changed run count in AUDIT_SUMMARY.json is caught by the recount from RUNS_SUMMARY.json', async () => {
    const dir = await sample();
    edit(dir, 'AUDIT_SUMMARY.json', (t) => t.replace('"failedFinal": 2', '"failedFinal": 1'));
    const messages = (await verifyBundle(dir)).problems.map(formatProblem);
    expect(messages).toContain(
      'AUDIT_SUMMARY.json: /figures/failedFinal states 1, recounted from RUNS_SUMMARY.json: 2',
    );
  });

  it('a broken link: names the file and the line', async () => {
    const dir = await sample();
    const line = lineOf(dir, '_evidence_index.md', '[OPS_HEALTH_KPI.md](OPS_HEALTH_KPI.md)');
    edit(dir, '_evidence_index.md', (t) =>
      t.replace('[OPS_HEALTH_KPI.md](OPS_HEALTH_KPI.md)', '[OPS_HEALTH_KPI.md](OPS_HEALTH.md)'),
    );
    expect((await verifyBundle(dir)).problems.map(formatProblem)).toContain(
      `_evidence_index.md:${line}: link to OPS_HEALTH.md does not resolve`,
    );
  });

  it('one changed byte: the file was edited after it was written', async () => {
    const dir = await sample();
    const file = 'dashboard.html';
    const bytes = readFileSync(join(dir, file));
    bytes[100] = bytes[100] === 0x41 ? 0x42 : 0x41;
    writeFileSync(join(dir, file), bytes);
    const [problem] = (await verifyBundle(dir)).problems;
    expect(problem).toMatchObject({ kind: 'hash_mismatch', file });
    expect(formatProblem(problem!)).toMatch(
      /^dashboard\.html: edited after it was written: sha256 [0-9a-f]{64}, the index \(_evidence_index\.md:\d+\) lists [0-9a-f]{64}$/,
    );
  });

  it('a run of RUNS_SUMMARY.json the index does not link, and a file it does not list', async () => {
    const dir = await sample();
    edit(dir, '_evidence_index.md', (t) =>
      t
        .split('\n')
        .filter((l) => !l.startsWith('| [7003]('))
        .join('\n'),
    );
    writeFileSync(join(dir, 'logs', 'extra.log'), 'x');
    const messages = (await verifyBundle(dir)).problems.map(formatProblem);
    expect(messages).toEqual(
      expect.arrayContaining([
        '_evidence_index.md: run 7003 of RUNS_SUMMARY.json is not linked',
        'logs/extra.log: not listed in _evidence_index.md',
      ]),
    );
  });

  it('a later write keeps an edit made in between visible instead of blessing it', async () => {
    const dir = await sample();
    edit(dir, 'logs/detection_log_20261201.log', (t) => t.replace('consecutive_failures', 'consecutive_failurez'));
    await logEvent(dir, 'b'); // rewrites that log: its new hash is recorded (the writer read the edited text)
    await writeSample(dir, [aRun({ runId: 7004, conclusion: 'success', cause: null })]);
    edit(dir, 'RUNS_SUMMARY.json', (t) => t.replace('"headSha"', '"headSha" ').replace('"headSha" ', '"headSha"'));
    const report = await verifyBundle(dir);
    expect(report.problems.map(formatProblem)).toEqual([]);
    const runs = JSON.parse(readFileSync(join(dir, 'RUNS_SUMMARY.json'), 'utf8')) as RecordFile<RunSummaryEntry>;
    expect(runs.entries.map((r) => r.runId)).toEqual([7001, 7002, 7003, 7004]);
    // Now an edit of a file nobody rewrites, then another write: still reported.
    edit(dir, 'OPS_HEALTH_KPI.md', (t) => t.replace('Definitions', 'Definitionz'));
    await logEvent(dir, 'c');
    expect((await verifyBundle(dir)).problems.map((p) => p.kind)).toContain('hash_mismatch');
  });

  it('eight processes writing one day at once: nothing lost, no duplicate id, a bundle that verifies', async () => {
    const dir = bundleDir();
    const codes = await Promise.all(
      Array.from({ length: 8 }, (_, w) => runChild('bundle-worker.ts', [dir, String(w), '3'])),
    );
    expect(codes).toEqual(Array(8).fill(0));
    const runs = JSON.parse(readFileSync(join(dir, 'RUNS_SUMMARY.json'), 'utf8')) as RecordFile<RunSummaryEntry>;
    const ids = runs.entries.map((r) => `${r.runId}:${r.attempt}`);
    expect(ids).toHaveLength(8 * 3 + 1);
    expect(new Set(ids).size).toBe(ids.length);
    expect(readdirSync(join(dir, 'audit_tickets'))).toEqual([
      'audit_ticket_20261201_100600.json',
      'audit_ticket_20261201_100600.md',
    ]);
    const log = readFileSync(join(dir, 'logs/detection_log_20261201.log'), 'utf8').trim().split('\n');
    expect(log).toHaveLength(8 * 3);
    const report = await verifyBundle(dir);
    expect(report.problems.map(formatProblem)).toEqual([]);
    expect(existsSync(join(dir, '.bundle.lock'))).toBe(false);
  }, 120_000);

  it('kill -9 in the middle of rewriting a ticket leaves the previous valid ticket', async () => {
    const dir = await sample();
    const path = join(dir, 'audit_tickets', 'audit_ticket_20261201_100600.json');
    const before = readFileSync(path, 'utf8');
    const child = spawn(process.execPath, ['--import', 'tsx', join(fixtures, 'slow-ticket-writer.ts'), path], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    const deadline = Date.now() + 20_000;
    while (!readdirSync(join(dir, 'audit_tickets')).some((n) => n.endsWith('.tmp')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(() => JSON.parse(before) as unknown).not.toThrow();
    // The stray temp file is not evidence: the bundle still verifies.
    expect((await verifyBundle(dir)).ok).toBe(true);
  }, 60_000);
});
