import { describe, expect, it } from '@jest/globals';
import { defaultSampleDir, loadSample, startReplayServer, type Sample } from '@opsguard/sample';
import { openPgliteStore } from '@opsguard/store';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditRepository, seededRandom, virtualClock } from '../src/index.js';

// Real-looking secrets of several formats (none is a live credential).
const SECRETS = {
  githubToken: 'ghp_R8x2Lq9ZtV4mN7pK3sW6yB1cD5fG0hJ2kL4n',
  slackWebhook: 'https://hooks.slack.com/services/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',
  supabaseJwt:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIiwiaXNzIjoic3VwYWJhc2UiLCJpYXQiOjE3MzAwMDAwMDB9.Qm9yN2x4S1pWcjhUdDNmWWdBcUw1bkpwWmNYdkU0aGs',
  dbPassword: 'pT7vXq2Rw9LmZ4sK',
  awsSecret: 'kR3u9Zq7Xw2Lm5Np8Tv4Ys1Bc6Df0Gh3Jk7Lm9Np',
  npmToken: 'npm_Zq4Xw8Lm2Np6Tv0Ys3Bc7Df1Gh5Jk9Lm3Np7R',
};

/** The sample with secrets planted in a run's title and commit message, an annotation and a log. */
function planted(sample: Sample): { sample: Sample; runId: number } {
  const latest = new Map<number, Sample['runs'][number]>();
  for (const r of sample.runs) latest.set(Number(r.id), r);
  const now = Date.parse(sample.manifest.now);
  const target = [...latest.values()].find(
    (r) => r.conclusion === 'failure' && (r.run_attempt ?? 1) === 1 && now - Date.parse(r.updated_at) < 20 * 3_600_000,
  );
  if (!target) throw new Error('the sample has no recent failed run');
  const runId = Number(target.id);
  const runs = sample.runs.map((r) =>
    Number(r.id) === runId
      ? {
          ...r,
          display_title: `Deploy with ${SECRETS.githubToken}`,
          head_commit: r.head_commit && {
            ...r.head_commit,
            message: `rotate key\n\nSLACK_WEBHOOK=${SECRETS.slackWebhook}`,
          },
        }
      : r,
  );
  const jobs = sample.jobs[String(runId)]?.['1'] ?? [];
  const annotations = { ...sample.annotations };
  const logs = new Map(sample.logs);
  for (const job of jobs.filter((j) => j.conclusion === 'failure')) {
    const id = String(job.id);
    annotations[id] = [
      ...(annotations[id] ?? []).map((a) => ({
        ...a,
        message: `${a.message}\nAuthorization: Bearer ${SECRETS.supabaseJwt}`,
      })),
    ];
    logs.set(
      Number(job.id),
      [
        '2026-11-20T09:00:01.0000000Z ##[group]Run npm publish',
        `2026-11-20T09:00:02.0000000Z //registry.npmjs.org/:_authToken=${SECRETS.npmToken}`,
        `2026-11-20T09:00:03.0000000Z DATABASE_URL=postgres://app:${SECRETS.dbPassword}@db.internal:5432/shop`,
        `2026-11-20T09:00:04.0000000Z aws_secret_access_key = ${SECRETS.awsSecret}`,
        '2026-11-20T09:00:05.0000000Z npm ERR! code ECONNRESET',
        '2026-11-20T09:00:06.0000000Z npm ERR! network socket hang up',
        '2026-11-20T09:00:07.0000000Z ##[error]Process completed with exit code 1.',
      ].join('\n'),
    );
  }
  return { sample: { ...sample, runs, annotations, logs }, runId };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('the evidence bundle', () => {
  it('holds no secret planted in run titles, commit messages, annotations or logs', async () => {
    const { sample } = planted(await loadSample(defaultSampleDir()));
    const clock = virtualClock(new Date(sample.manifest.now));
    const server = await startReplayServer({ sample, now: () => clock.now() });
    const out = await mkdtemp(join(tmpdir(), 'opsguard-secrets-'));
    const store = await openPgliteStore({ inMemory: true });
    try {
      const result = await auditRepository({
        repo: { owner: 'acme', repo: 'webshop' },
        defaultBranch: 'main',
        token: 'test-token-for-the-replay',
        apiUrl: server.url,
        env: {},
        cwd: out,
        store,
        clock,
        random: seededRandom(1),
        kind: 'audit',
        apply: false,
        outDir: out,
        days: 3,
        timeZone: 'Asia/Tokyo',
        policyFiles: {},
        paceRequests: false,
        killVariable: { kind: 'value', value: null, from: 'environment' },
        jobs: 'failed',
        actor: 'test',
        slackWebhook: undefined,
        log: () => undefined,
      });
      const files = await filesUnder(result.bundle.dir);
      expect(files.some((f) => f.includes(`${join('reports', '')}`))).toBe(true);
      const logs = files.filter((f) => f.includes(`${join('logs', '')}`));
      expect(logs.length).toBeGreaterThan(0); // the planted log was read and kept, sanitised
      for (const file of files) {
        const text = await readFile(file, 'utf8');
        for (const [kind, secret] of Object.entries(SECRETS)) {
          expect({ file, kind, leaked: text.includes(secret) }).toEqual({ file, kind, leaked: false });
        }
      }
    } finally {
      await server.close();
    }
  });
});
