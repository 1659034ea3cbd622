import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Artifact } from '@opsguard/github';
import { aWorkflowRun, createTestGitHubClient } from '@opsguard/testing';
import { defaultSampleDir, loadSample, startReplayServer } from '@opsguard/sample';
import { openPgliteStore } from '@opsguard/store';
import nock from 'nock';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditRepository, collectArtifacts, seededRandom, virtualClock } from '../src/index.js';

const API = 'https://api.github.com';
const BLOB = 'https://productionresultssa7.blob.core.windows.net';
const REPO = { owner: 'octo-org', repo: 'app' } as const;
const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

function anArtifact(id: number, overrides: Partial<Artifact> = {}): Artifact {
  const url = `${API}/repos/octo-org/app/actions/artifacts/${id}`;
  return {
    id,
    node_id: `MDg6QXJ0aWZhY3Q${id}`,
    name: 'test-results',
    size_in_bytes: 1000,
    url,
    archive_download_url: `${url}/zip`,
    expired: false,
    created_at: '2026-11-02T03:05:00Z',
    expires_at: '2027-01-31T03:05:00Z',
    updated_at: '2026-11-02T03:05:00Z',
    digest: null,
    ...overrides,
  };
}

function zipOf(seed: string, bytes = 1000): Buffer {
  return Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(bytes - 4, seed)]);
}

/** `api` answers the zip route of `id` with a 302 to the blob host, which serves `body`. */
function serveZip(api: string, repoPath: string, id: number, body: Buffer): nock.Scope {
  nock(api)
    .get(`${repoPath}/actions/artifacts/${id}/zip`)
    .reply(302, '', { location: `${BLOB}/results/artifact-${id}.zip?sig=abc` });
  return nock(BLOB).get(`/results/artifact-${id}.zip`).query(true).reply(200, body);
}

let dir: string;
let lines: string[];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opsguard-collect-artifacts-'));
  lines = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('collectArtifacts', () => {
  it("'failed' lists failed runs only; expired skipped with a log line; digests verified", async () => {
    const failed = aWorkflowRun({ id: 501, conclusion: 'failure' });
    const passed = aWorkflowRun({ id: 502, conclusion: 'success' });
    const zip = zipOf('a');
    nock(API)
      .get('/repos/octo-org/app/actions/runs/501/artifacts')
      .query({ per_page: '100', page: '1' })
      .reply(200, {
        total_count: 2,
        artifacts: [
          anArtifact(11, { name: 'junit', digest: `sha256:${sha256(zip)}` }),
          anArtifact(12, { name: 'old-coverage', expired: true }),
        ],
      });
    const blob = serveZip(API, '/repos/octo-org/app', 11, zip);
    const client = await createTestGitHubClient();

    const result = await collectArtifacts(client, REPO, {
      dir,
      runs: [failed, passed],
      mode: 'failed',
      log: (l) => lines.push(l),
    });

    expect(result.downloaded).toEqual([
      {
        runId: 501,
        name: 'junit',
        path: 'artifacts/501/junit.zip',
        bytes: zip.length,
        sha256: sha256(zip),
        verified: true,
      },
    ]);
    expect(result.skipped).toEqual([{ runId: 501, name: 'old-coverage', reason: 'expired' }]);
    expect(lines).toContainEqual(expect.stringMatching(/run 501: skipped "old-coverage": expired/));
    expect(client.requests().byRoute).toEqual({
      'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts': 1,
      'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/zip': 1,
    });
    expect(await readdir(join(dir, 'artifacts', '501'))).toEqual(['junit.zip']);
    blob.done();
  });

  it('a digest mismatch fails that artifact only, leaving no file', async () => {
    const good = zipOf('g');
    nock(API)
      .get('/repos/octo-org/app/actions/runs/601/artifacts')
      .query(true)
      .reply(200, {
        total_count: 2,
        artifacts: [
          anArtifact(21, { name: 'tampered', digest: `sha256:${sha256('not this')}` }),
          anArtifact(22, { name: 'fine', digest: `sha256:${sha256(good)}` }),
        ],
      });
    serveZip(API, '/repos/octo-org/app', 21, zipOf('t'));
    serveZip(API, '/repos/octo-org/app', 22, good);
    const client = await createTestGitHubClient();

    const result = await collectArtifacts(client, REPO, {
      dir,
      runs: [aWorkflowRun({ id: 601, conclusion: 'failure' })],
      mode: 'all',
      log: (l) => lines.push(l),
    });

    expect(result.skipped).toEqual([{ runId: 601, name: 'tampered', reason: 'digest_mismatch' }]);
    expect(result.downloaded.map((a) => a.path)).toEqual(['artifacts/601/fine.zip']);
    expect(await readdir(join(dir, 'artifacts', '601'))).toEqual(['fine.zip']);
    expect(lines.join('\n')).toMatch(/"tampered".*does not match the digest GitHub reported/);
  });

  it('caps: per artifact and per bundle, skipped with a log line, never a partial file', async () => {
    nock(API)
      .get('/repos/octo-org/app/actions/runs/701/artifacts')
      .query(true)
      .reply(200, {
        total_count: 4,
        artifacts: [
          anArtifact(31, { name: 'huge', size_in_bytes: 5000 }),
          anArtifact(32, { name: 'one', size_in_bytes: 1000 }),
          anArtifact(33, { name: 'two', size_in_bytes: 1000 }),
          // GitHub's size is its word: the stream is held to the cap whatever it says.
          anArtifact(34, { name: 'liar', size_in_bytes: 10 }),
        ],
      });
    serveZip(API, '/repos/octo-org/app', 32, zipOf('1'));
    serveZip(API, '/repos/octo-org/app', 34, zipOf('l', 1600));
    const client = await createTestGitHubClient();

    const result = await collectArtifacts(client, REPO, {
      dir,
      runs: [aWorkflowRun({ id: 701, conclusion: 'success' })],
      mode: 'all',
      caps: { perArtifact: 2000, perBundle: 1500 },
      log: (l) => lines.push(l),
    });

    expect(result.downloaded.map((a) => a.name)).toEqual(['one']);
    expect(result.skipped).toEqual([
      { runId: 701, name: 'huge', reason: 'too_large' },
      { runId: 701, name: 'two', reason: 'bundle_cap' },
      { runId: 701, name: 'liar', reason: 'too_large' },
    ]);
    expect(result.bytes).toBe(1000);
    expect(lines).toContainEqual(expect.stringContaining('over the 2000-byte cap per artifact'));
    expect(lines).toContainEqual(expect.stringContaining('would pass the 1500-byte cap per bundle'));
    expect(await readdir(join(dir, 'artifacts', '701'))).toEqual(['one.zip']);
  });

  it('hostile names stay inside artifacts/<run_id>/ and never overwrite each other', async () => {
    nock(API)
      .get('/repos/octo-org/app/actions/runs/801/artifacts')
      .query(true)
      .reply(200, {
        total_count: 3,
        artifacts: [
          anArtifact(41, { name: '../../../.github/workflows/evil' }),
          anArtifact(42, { name: '..' }),
          anArtifact(43, { name: '.._.github_workflows_evil' }),
        ],
      });
    for (const id of [41, 42, 43]) serveZip(API, '/repos/octo-org/app', id, zipOf(String(id)));
    const client = await createTestGitHubClient();

    const result = await collectArtifacts(client, REPO, {
      dir,
      runs: [aWorkflowRun({ id: 801, conclusion: 'failure' })],
      mode: 'failed',
      log: (l) => lines.push(l),
    });

    expect(result.downloaded.map((a) => a.path)).toEqual([
      'artifacts/801/github_workflows_evil.zip',
      'artifacts/801/artifact.zip',
      'artifacts/801/github_workflows_evil-43.zip',
    ]);
    expect(await readdir(dir)).toEqual(['artifacts']);
    expect((await readdir(join(dir, 'artifacts', '801'))).sort()).toEqual([
      'artifact.zip',
      'github_workflows_evil-43.zip',
      'github_workflows_evil.zip',
    ]);
  });

  it("'none' sends no request", async () => {
    const client = await createTestGitHubClient();
    const result = await collectArtifacts(client, REPO, {
      dir,
      runs: [aWorkflowRun({ conclusion: 'failure' })],
      mode: 'none',
      log: (l) => lines.push(l),
    });
    expect(result).toEqual({ downloaded: [], skipped: [], bytes: 0 });
    expect(client.requests().total).toBe(0);
  });
});

describe('the audit loop with artifacts: failed', () => {
  it('the bundle index lists artifacts/<run_id>/<name>.zip with its SHA-256', async () => {
    const sample = await loadSample(defaultSampleDir());
    const clock = virtualClock(new Date(sample.manifest.now));
    const server = await startReplayServer({ sample, now: () => clock.now() });
    const store = await openPgliteStore({ inMemory: true });
    const now = Date.parse(sample.manifest.now);
    const latest = new Map<number, (typeof sample.runs)[number]>();
    for (const r of sample.runs) latest.set(Number(r.id), r);
    const target = [...latest.values()].find(
      (r) => r.conclusion === 'failure' && now - Date.parse(r.created_at) < 86_400_000,
    );
    if (!target) throw new Error('the sample has no failed run in the window');
    const runId = Number(target.id);
    const repoPath = `/repos/${sample.repository.full_name}`;
    const zip = zipOf('z', 4096);
    // The replay server has no artifacts: these answer in front of it, the rest passes through.
    nock(server.url, { allowUnmocked: true })
      .get(`${repoPath}/actions/runs/${runId}/artifacts`)
      .query(true)
      .reply(200, {
        total_count: 1,
        artifacts: [anArtifact(91, { name: 'playwright report', digest: `sha256:${sha256(zip)}` })],
      })
      .get(new RegExp(`^${repoPath}/actions/runs/(?!${runId}/)\\d+/artifacts`))
      .query(true)
      .reply(200, { total_count: 0, artifacts: [] })
      .persist();
    serveZip(server.url, repoPath, 91, zip);
    const out = await mkdtemp(join(tmpdir(), 'opsguard-loop-artifacts-'));
    const log: string[] = [];
    try {
      const result = await auditRepository({
        repo: { owner: sample.repository.owner.login, repo: sample.repository.name },
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
        days: 2,
        timeZone: 'Asia/Tokyo',
        policyFiles: {},
        paceRequests: false,
        killVariable: { kind: 'value', value: null, from: 'environment' },
        jobs: 'failed',
        artifacts: 'failed',
        actor: 'test',
        slackWebhook: undefined,
        log: (line) => log.push(line),
      });

      const path = `artifacts/${runId}/playwright_report.zip`;
      expect(result.bundle.files).toContainEqual({ path, bytes: zip.length, sha256: sha256(zip) });
      const index = await readFile(join(result.bundle.dir, '_evidence_index.md'), 'utf8');
      expect(index).toContain(`| [${path}](${path}) | ${zip.length} | \`${sha256(zip)}\` |`);
      expect(sha256(await readFile(join(result.bundle.dir, path)))).toBe(sha256(zip));
      expect(result.bundle.files.filter((f) => f.path.startsWith('artifacts/'))).toHaveLength(1);
      expect(result.requests.byRoute['GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/zip']).toBe(1);
    } finally {
      nock.cleanAll();
      await server.close();
      await rm(out, { recursive: true, force: true });
    }
  });
});
