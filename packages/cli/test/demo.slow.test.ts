import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '../src/command.js';
import { demoCommand } from '../src/commands/demo.js';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly out: string;
}

interface ManifestEntry {
  readonly runId: number;
  readonly attempt: number;
  readonly cause: string;
  readonly transient: boolean;
  readonly decision: string;
  readonly act: { readonly kind: string } | null;
}

/** `opsguard demo --out <tmp>` in-process, as a user would run it. */
async function demo(root: string, json: boolean): Promise<Run> {
  const stdout = new PassThrough();
  const chunks: string[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  const stderr = new PassThrough();
  stderr.resume();
  const io: CliIo = { stdin: Readable.from([]), stdout, stderr, env: {}, cwd: root, now: () => new Date() };
  const out = join(root, json ? 'demo-json' : 'demo');
  const code = await demoCommand.run({ out, ...(json && { json: true }) }, [], io);
  return { code, stdout: chunks.join(''), out };
}

/** Decision lines as printed: `  RE-RAN  #123 CI   attempt 1  network (transient) → rerun requested (attempt 2)`. */
function printedDecisions(stdout: string) {
  const pattern =
    /^ {2}(RE-RAN |REFUSED|LEFT {3}|WOULD {2}) #(\d+) .* attempt (\d+) {2}(\S+) \((transient|deterministic)\) → (.*)$/;
  return stdout.split('\n').flatMap((line) => {
    const m = pattern.exec(line);
    if (!m) return [];
    const [, label = '', runId, attempt, cause = '', kind, what = ''] = m;
    return [
      {
        label: label.trim(),
        runId: Number(runId),
        attempt: Number(attempt),
        cause,
        transient: kind === 'transient',
        what,
      },
    ];
  });
}

async function reportDir(out: string): Promise<string> {
  const [date] = await readdir(join(out, 'reports'));
  return join(out, 'reports', date ?? '');
}

let root: string;
let text: Run;
let json: Run;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'opsguard-demo-'));
  [text, json] = await Promise.all([demo(root, false), demo(root, true)]);
}, 240_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('opsguard demo', () => {
  it('re-runs the recent failures with a transient cause, and only those', () => {
    expect(text.code).toBe(0);
    const decisions = printedDecisions(text.stdout);
    const reran = decisions.filter((d) => d.label === 'RE-RAN');
    expect(reran.length).toBeGreaterThanOrEqual(5);
    for (const d of reran) {
      expect(d.transient).toBe(true);
      expect(d.what).toBe(`re-run requested (attempt ${d.attempt + 1})`);
    }
    const left = decisions.filter((d) => d.label === 'LEFT' && !d.transient);
    expect(left.map((d) => d.cause)).toEqual(expect.arrayContaining(['test_failure', 'compile_error', 'lint']));
  });

  it('shows the re-runs recovering, with their time to recover, and a failed re-run decided again', () => {
    const recovered = [
      ...text.stdout.matchAll(/RECOVERED #(\d+) .* attempt 2 {2}→ time to recover (\d+h \d+m|\d+m \d+s)/g),
    ];
    expect(recovered.length).toBeGreaterThanOrEqual(1);
    const again = printedDecisions(text.stdout).filter((d) => d.attempt === 2 && d.label === 'RE-RAN');
    expect(again.length).toBeGreaterThanOrEqual(1);
    expect(text.stdout).toMatch(/→ \d+ of the \d+ re-run run\(s\) recovered/);
  });

  it('counts the recoveries in the auto-recovery KPI', () => {
    const kpi = /auto-recovery\s+(\S+) of (\d+) OpsGuard re-run\(s\)/.exec(text.stdout);
    expect(kpi?.[1]).toMatch(/^\d+\.\d%$/);
    expect(Number(kpi?.[2])).toBeGreaterThan(0);
  });

  it('writes the bundle, the dashboard and the manifest, whose decisions are the printed ones', async () => {
    const dir = await reportDir(text.out);
    for (const file of ['_evidence_index.md', 'dashboard.html', 'AUTO_RETRY_MANIFEST.json'])
      expect(existsSync(join(dir, file))).toBe(true);
    expect(text.stdout).toMatch(/Dashboard: +demo\/reports\/\d{4}-\d\d-\d\d\/dashboard\.html/);
    const manifest = JSON.parse(await readFile(join(dir, 'AUTO_RETRY_MANIFEST.json'), 'utf8')) as {
      entries: ManifestEntry[];
    };
    const printed = printedDecisions(text.stdout);
    // A run attempt refused by the rate limit and re-run by the later audit is printed twice,
    // and is one manifest entry (merged by run id and attempt, the last decision kept).
    expect(manifest.entries).toHaveLength(new Set(printed.map((d) => `${d.runId}:${d.attempt}`)).size);
    for (const d of printed) {
      const entry = manifest.entries.find((e) => e.runId === d.runId && e.attempt === d.attempt);
      expect(entry).toMatchObject({ cause: d.cause, transient: d.transient });
      if (d.label === 'RE-RAN') expect(entry).toMatchObject({ decision: 'rerun', act: { kind: 'requested' } });
      // A refusal is temporary: the later audit may have re-run the same attempt (one entry, the last kept).
      if (d.label === 'REFUSED') expect(['refused', 'requested']).toContain(entry?.act?.kind);
      if (d.label === 'LEFT') expect(entry?.decision).toBe('skip');
    }
    const index = await readFile(join(dir, '_evidence_index.md'), 'utf8');
    expect(index).toContain('AUTO_RETRY_MANIFEST.json');
  });

  it('the bundle has the complete daily layout, and verify passes on it', async () => {
    const dir = await reportDir(text.out);
    const stamp = dir.slice(-10).replaceAll('-', '');
    for (const file of [
      'RUNS_SUMMARY.json',
      'AUTO_RETRY_MANIFEST.json',
      'AUDIT_SUMMARY.md',
      'AUDIT_SUMMARY.json',
      'OPS_HEALTH_KPI.md',
      'KPI.json',
      'dashboard.html',
      '_evidence_index.md',
      '_generated_documents.json',
      `logs/detection_log_${stamp}.log`,
      `logs/retry_log_${stamp}.log`,
      `logs/notification_log_${stamp}.log`,
      `logs/killswitch_log_${stamp}.log`,
    ])
      expect([file, existsSync(join(dir, file))]).toEqual([file, true]);
    const tickets = await readdir(join(dir, 'audit_tickets'));
    expect(tickets.length).toBeGreaterThan(4);
    for (const name of tickets) expect(name).toMatch(/^audit_ticket_\d{8}_\d{6}\.(json|md)$/);
    const killswitch = await readFile(join(dir, `logs/killswitch_log_${stamp}.log`), 'utf8');
    // Two switches a day in the demo: the brake-and-rollback scene's (a retry storm trips it, the
    // rollback's recovery lifts it), then the pause and resume of Nightly.
    expect(
      killswitch
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { event: string }).event),
    ).toEqual(['activated', 'deactivated', 'activated', 'deactivated']);
    const ticket = JSON.parse(
      await readFile(join(dir, 'audit_tickets', tickets.find((t) => t.endsWith('.json')) ?? ''), 'utf8'),
    ) as {
      risk: { level: string; rule: string };
      runs: unknown[];
      classification: { cause: { name: string } };
    };
    expect(ticket.risk.rule).not.toBe('');
    expect(ticket.runs.length).toBeGreaterThan(0);
    expect(text.stdout).toMatch(
      /Audit tickets: +demo\/reports\/.*\(\d+: \d+ critical, \d+ high, \d+ medium, \d+ low; [1-9]\d* with a GitHub issue\)/,
    );
    expect(text.stdout).toMatch(/Verified: +opsguard evidence verify → ok/);
    const { verifyBundle, formatProblem } = await import('@opsguard/evidence');
    expect((await verifyBundle(dir)).problems.map(formatProblem)).toEqual([]);
  });

  it('--json prints one document with the self-healing phases and the audit', () => {
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as {
      selfHealing: { events: { result: { kind: string } }[] };
      kpi: { windows: { days: number; overall: { autoRecoveryRate: number | null } }[] };
      bundle: { dir: string };
    };
    expect(doc.selfHealing.events.some((e) => e.result.kind === 'recovered')).toBe(true);
    expect(doc.kpi.windows.find((w) => w.days === 7)?.overall.autoRecoveryRate).toBeGreaterThan(0);
    expect(doc.bundle.dir.startsWith(json.out)).toBe(true);
  });
});
