import { afterEach, describe, expect, it } from '@jest/globals';
import { createIssueChannel, createLogChannel, createSlackChannel } from '@opsguard/notify';
import { MemoryStore } from '@opsguard/store';
import { readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import nock from 'nock';
import { kpiJobSummary } from '@opsguard/evidence';
import { githubIssueApi, runAuditLoop } from '../src/index.js';
import { aRunWith, loopContext, serveRepository } from './loop-fixture.js';

/**
 * Issue 16: secrets planted in every collected field (run titles, commit messages, job and step
 * names, annotation messages and titles, logs) must be found nowhere that leaves the process:
 * request bodies (issues, comments, re-runs), Slack, the bundle's files, store rows, the result
 * a `--json` prints, the job summary.
 */
const SECRETS = {
  pat: 'ghp_R2d2C3poBb8LukeSkywalker0123456789ab',
  password: 'Sup3r-S3cret-Passw0rd!',
  slack: 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  stripe: 'sk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv',
};
const NOW = new Date('2026-11-02T12:00:00Z');
const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString();

afterEach(() => nock.cleanAll());

function leaks(text: string): string[] {
  return Object.entries(SECRETS)
    .filter(([, value]) => text.includes(value))
    .map(([name]) => name);
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir)) {
    const path = join(dir, entry);
    if ((await stat(path)).isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

describe('planted secrets (issue 16): one choke point, nothing leaves unmasked', () => {
  it('titles, commit messages, job and step names, annotations: not in issues, Slack, files, store rows, --json or the summary', async () => {
    const planted = aRunWith(
      {
        id: 301,
        name: `Deploy ${SECRETS.pat}`,
        display_title: `Fix login (token ${SECRETS.pat})`,
        head_commit: {
          id: 'c'.repeat(40),
          tree_id: 'd'.repeat(40),
          message: `rotate: password=${SECRETS.password}`,
          timestamp: at(3),
          author: { name: 'dev', email: 'dev@example.com' },
          committer: { name: 'dev', email: 'dev@example.com' },
        },
        head_branch: 'main',
        conclusion: 'failure',
        created_at: at(3),
        updated_at: at(2.9),
      },
      `Error: Tests: 1 failed. slack=${SECRETS.slack} password=${SECRETS.password} key ${SECRETS.stripe}`,
    );
    const { sent } = serveRepository([planted]);
    const slack: string[] = [];
    nock('https://hooks.slack.com')
      .persist()
      .post(/.*/)
      // Slack is down: the chain falls back to a GitHub issue, so both bodies are produced.
      .reply(503, async (req: Request) => (slack.push(await req.text()), 'service unavailable'));
    const store = new MemoryStore();
    const { ctx, runtime } = await loopContext(NOW, { store });
    const outDir = await mkdtemp(join(tmpdir(), 'planted-'));
    const issues = createIssueChannel(githubIssueApi(runtime.client, { owner: 'octo-org', repo: 'app' }));
    const result = await runAuditLoop(ctx, {
      days: 2,
      jobs: 'failed',
      defaultBranch: 'main',
      timeZone: 'UTC',
      outDir,
      retry: { apply: true, windowHours: 48, dailyRerunBudget: 50, mode: 'rerun-failed-jobs' },
      respond: {
        channels: [
          createSlackChannel({
            webhookUrl: 'https://hooks.slack.com/services/T000/B000/planted',
            now: () => NOW.getTime(),
            sleep: async () => undefined,
            fetch: runtime.fetch,
          }),
          issues,
          createLogChannel(() => undefined),
        ],
        issues,
        apply: true,
        killSwitchRules: { autoActivate: [], requireReason: true },
      },
    });
    await runtime.close();

    // The failure survived the retries (a test failure): it was reported, so bodies went out.
    expect(result.decisions.map((d) => d.decision)).toEqual(['skip']);
    expect(slack.length + sent.length).toBeGreaterThan(0);
    const places: Record<string, string> = {
      'request bodies': JSON.stringify(sent),
      slack: slack.join('\n'),
      '--json result': JSON.stringify({ ...result, bundle: result.bundle }),
      'job summary': kpiJobSummary(result.kpi, result.daily, null),
      'store rows': JSON.stringify([
        await store.listRuns(),
        await store.listRetryHistory(),
        await store.listNotifications(),
        await store.listAudit(),
      ]),
    };
    for (const file of await filesUnder(outDir)) places[file] = await readFile(file, 'utf8');
    const found = Object.entries(places).flatMap(([where, text]) =>
      leaks(text).map((secret) => `${secret} in ${where}`),
    );
    expect(found).toEqual([]);
    // And what was masked is still there to read, as masks, in both the issue and Slack.
    expect(sent.some((s) => s.path.endsWith('/issues'))).toBe(true);
    expect(places['request bodies']).toContain('***');
    expect(places['slack']).toContain('***');
  });
});
