import { describe, expect, it } from '@jest/globals';
import { createTestGitHubClient } from '@opsguard/testing';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { commitBundle } from '../src/index.js';

const API = 'https://api.github.com';
const REPO = '/repos/octo-org/app';
const sha = (c: string) => c.repeat(40);
// nock 15 hands a reply function the request itself (one argument); its body is read like fetch's.
const bodyOf = async (req: Request) => (await req.json()) as Record<string, unknown>;

async function aBundle() {
  const cwd = await mkdtemp(join(tmpdir(), 'opsguard-commit-'));
  const dir = join(cwd, 'docs', 'reports', '2026-11-23');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'KPI.json'), '{}\n');
  await writeFile(join(dir, '_evidence_index.md'), '# index\n');
  const files = [
    { path: 'KPI.json', bytes: 3, sha256: 'x' },
    { path: '_evidence_index.md', bytes: 8, sha256: 'y' },
  ];
  return { cwd, bundle: { dir, files, indexSha256: 'y', runs: 0, retries: 0, tickets: [], screenshot: null } };
}

describe('commitBundle', () => {
  it('commits on the branch head with a non-forced update and rebuilds on a moved branch', async () => {
    const { cwd, bundle } = await aBundle();
    const client = await createTestGitHubClient();
    const trees: unknown[] = [];
    const updates: unknown[] = [];
    nock(API)
      .post(`${REPO}/git/blobs`)
      .times(2)
      .reply(201, async (req: Request) => ({
        sha: String((await bodyOf(req))['content']).length > 6 ? sha('b') : sha('a'),
      }))
      .get(`${REPO}/git/ref/heads%2Fevidence`)
      .reply(200, { ref: 'refs/heads/evidence', object: { sha: sha('1'), type: 'commit' } })
      .get(`${REPO}/git/commits/${sha('1')}`)
      .reply(200, { sha: sha('1'), tree: { sha: sha('t') } })
      .post(`${REPO}/git/trees`)
      .times(2)
      .reply(201, async (req: Request) => (trees.push(await bodyOf(req)), { sha: sha('n') }))
      .post(`${REPO}/git/commits`)
      .times(2)
      .reply(201, async (req: Request) => ({
        sha: ((await bodyOf(req))['parents'] as string[])[0] === sha('1') ? sha('c') : sha('d'),
      }))
      .patch(`${REPO}/git/refs/heads%2Fevidence`)
      .reply(
        422,
        async (req: Request) => (
          updates.push(await bodyOf(req)),
          { message: 'Update is not a fast forward', status: '422' }
        ),
      )
      .get(`${REPO}/git/ref/heads%2Fevidence`)
      .reply(200, { ref: 'refs/heads/evidence', object: { sha: sha('2'), type: 'commit' } })
      .get(`${REPO}/git/commits/${sha('2')}`)
      .reply(200, { sha: sha('2'), tree: { sha: sha('u') } })
      .patch(`${REPO}/git/refs/heads%2Fevidence`)
      .reply(
        200,
        async (req: Request) => (
          updates.push(await bodyOf(req)),
          { ref: 'refs/heads/evidence', object: { sha: sha('d') } }
        ),
      );
    const result = await commitBundle({
      repo: { owner: 'octo-org', repo: 'app' },
      branch: 'evidence',
      bundle,
      cwd,
      log: () => undefined,
      client,
    });
    expect(result).toEqual({ sha: sha('d'), attempts: 2 });
    expect(updates).toEqual([
      { sha: sha('c'), force: false },
      { sha: sha('d'), force: false },
    ]);
    expect(trees[1]).toMatchObject({
      base_tree: sha('u'),
      tree: [
        { path: 'docs/reports/2026-11-23/KPI.json', mode: '100644', type: 'blob' },
        { path: 'docs/reports/2026-11-23/_evidence_index.md' },
      ],
    });
    expect(nock.isDone()).toBe(true);
  });

  it('gives up after the allowed conflicts with the API error', async () => {
    const { cwd, bundle } = await aBundle();
    const client = await createTestGitHubClient();
    nock(API)
      .post(`${REPO}/git/blobs`)
      .times(2)
      .reply(201, { sha: sha('a') })
      .get(`${REPO}/git/ref/heads%2Fevidence`)
      .times(2)
      .reply(200, { object: { sha: sha('1') } })
      .get(`${REPO}/git/commits/${sha('1')}`)
      .times(2)
      .reply(200, { tree: { sha: sha('t') } })
      .post(`${REPO}/git/trees`)
      .times(2)
      .reply(201, { sha: sha('n') })
      .post(`${REPO}/git/commits`)
      .times(2)
      .reply(201, { sha: sha('c') })
      .patch(`${REPO}/git/refs/heads%2Fevidence`)
      .times(2)
      .reply(422, { message: 'Update is not a fast forward', status: '422' });
    await expect(
      commitBundle({
        repo: { owner: 'octo-org', repo: 'app' },
        branch: 'evidence',
        bundle,
        cwd,
        log: () => undefined,
        client,
        maxConflicts: 2,
      }),
    ).rejects.toThrow(/fast forward/);
  });
});
