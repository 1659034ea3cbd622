// The Git data, secrets and variables helpers against the replay, which answers in GitHub's
// shapes: a file put back as a new commit, a non-forced update refused when the branch moved,
// secrets listed and deleted, and the permission check up front.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { isConfigurationError } from '@opsguard/core';
import { defaultSampleDir, loadSample, startReplayServer, type ReplayServer } from '@opsguard/sample';
import { createTestGitHubClient } from '@opsguard/testing';
import {
  createGitBlob,
  createGitCommit,
  createGitTree,
  deleteSecret,
  getBranchHead,
  getGitBlob,
  getGitCommit,
  getGitTree,
  getSecret,
  isGitHubApiError,
  listRepoVariables,
  listSecrets,
  requireSecretsWrite,
  updateBranch,
  type GitHubClient,
} from '../src/index.js';

const REPO = { owner: 'acme', repo: 'webshop' } as const;
let server: ReplayServer;
let client: GitHubClient;

beforeAll(async () => {
  const sample = await loadSample(defaultSampleDir());
  server = await startReplayServer({
    sample,
    variables: { A_ONE: '1', B_TWO: '2' },
    git: {
      commits: [
        { message: 'good', files: { 'config/app.json': '{"workers":2}\n', 'README.md': 'hi\n' } },
        { message: 'bad', files: { 'config/app.json': '{"workers":200}\n', 'README.md': 'hi\n' } },
      ],
    },
    secrets: { repository: ['DEPLOY_KEY', 'NPM_TOKEN'], environments: { production: ['AWS_ROLE'] } },
    tokensWithoutSecrets: ['ghs_no_secrets'],
  });
  client = await createTestGitHubClient({ baseUrl: server.url, token: 'test-token' });
});

afterAll(async () => {
  await server.close();
});

describe('Git data', () => {
  test('puts a file back as a new commit whose parent is the head, and reads it back', async () => {
    const head = await getBranchHead(client, REPO, 'main');
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    const bad = await getGitCommit(client, REPO, head ?? '');
    const good = await getGitCommit(client, REPO, bad.parents[0]?.sha ?? '');
    const goodTree = await getGitTree(client, REPO, good.tree.sha);
    const entry = goodTree.tree.find((e) => e.path === 'config/app.json');
    expect(entry?.type).toBe('blob');
    const blob = await getGitBlob(client, REPO, entry?.sha ?? '');
    expect(Buffer.from(blob.content, 'base64').toString('utf8')).toBe('{"workers":2}\n');

    const tree = await createGitTree(client, REPO, bad.tree.sha, [
      { path: 'config/app.json', mode: '100644', sha: entry?.sha ?? '' },
    ]);
    const commit = await createGitCommit(client, REPO, { message: 'restore', tree, parents: [head ?? ''] });
    await updateBranch(client, REPO, 'main', commit);
    expect(await getBranchHead(client, REPO, 'main')).toBe(commit);
    expect(server.git.fileAt('main', 'config/app.json')).toBe('{"workers":2}\n');
    expect(server.git.fileAt('main', 'README.md')).toBe('hi\n');
  });

  test('a non-forced update is refused when the branch moved past the new commit’s parent', async () => {
    const head = (await getBranchHead(client, REPO, 'main')) ?? '';
    const headCommit = await getGitCommit(client, REPO, head);
    const sideBlob = await createGitBlob(client, REPO, 'side\n');
    const sideTree = await createGitTree(client, REPO, headCommit.tree.sha, [
      { path: 'side.txt', mode: '100644', sha: sideBlob },
    ]);
    const stale = await createGitCommit(client, REPO, {
      message: 'stale',
      tree: sideTree,
      parents: headCommit.parents.map((p) => p.sha),
    });
    const error = await updateBranch(client, REPO, 'main', stale).catch((e: unknown) => e);
    expect(isGitHubApiError(error) && error.status).toBe(422);
    expect(String(error)).toContain('Update is not a fast forward');
    expect(await getBranchHead(client, REPO, 'main')).toBe(head);
  });

  test('an unknown branch has no head', async () => {
    expect(await getBranchHead(client, REPO, 'no-such-branch')).toBeNull();
  });
});

describe('secrets and variables', () => {
  test('lists, deletes and reads back repository and environment secrets', async () => {
    expect((await listSecrets(client, REPO)).map((s) => s.name)).toEqual(['DEPLOY_KEY', 'NPM_TOKEN']);
    const production = { kind: 'environment', name: 'production' } as const;
    expect((await listSecrets(client, REPO, production)).map((s) => s.name)).toEqual(['AWS_ROLE']);
    await deleteSecret(client, REPO, 'NPM_TOKEN');
    await deleteSecret(client, REPO, 'AWS_ROLE', production);
    expect(await getSecret(client, REPO, 'NPM_TOKEN')).toBeNull();
    expect(await getSecret(client, REPO, 'AWS_ROLE', production)).toBeNull();
    expect(server.secrets.names()).toEqual(['DEPLOY_KEY']);
  });

  test('a token without Secrets: write is named in one clear error before anything changes', async () => {
    const weak = await createTestGitHubClient({ baseUrl: server.url, token: 'ghs_no_secrets' });
    const error = await requireSecretsWrite(weak, REPO, [{ kind: 'repository' }]).catch((e: unknown) => e);
    expect(isConfigurationError(error)).toBe(true);
    expect(String(error)).toContain('"Secrets: write"');
    await expect(requireSecretsWrite(client, REPO, [{ kind: 'repository' }])).resolves.toBeUndefined();
    expect(server.secrets.names()).toEqual(['DEPLOY_KEY']);
  });

  test('lists repository variables page by page', async () => {
    expect((await listRepoVariables(client, REPO)).map((v) => v.name)).toEqual(['A_ONE', 'B_TWO']);
  });
});
