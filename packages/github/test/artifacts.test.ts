import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ArtifactDownloadError,
  artifactFileName,
  downloadArtifact,
  listRunArtifacts,
  type Artifact,
} from '../src/index.js';
import { createTestGitHubClient } from '@opsguard/testing';

const API = 'https://api.github.com';
const BLOB = 'https://productionresultssa7.blob.core.windows.net';
const REPO = { owner: 'octo-org', repo: 'app' } as const;
const RUN = 19_000_000_001;
const LIST = `/repos/octo-org/app/actions/runs/${RUN}/artifacts`;
const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

function anArtifact(overrides: Partial<Artifact> = {}): Artifact {
  const id = overrides.id ?? 4_100_000_001;
  const url = `${API}/repos/octo-org/app/actions/artifacts/${id}`;
  return {
    id,
    node_id: `MDg6QXJ0aWZhY3Q${id}`,
    name: 'test-results',
    size_in_bytes: 2048,
    url,
    archive_download_url: `${url}/zip`,
    expired: false,
    created_at: '2026-11-02T03:05:00Z',
    expires_at: '2027-01-31T03:05:00Z',
    updated_at: '2026-11-02T03:05:00Z',
    digest: null,
    workflow_run: { id: RUN, head_branch: 'main' },
    ...overrides,
  };
}

/** The zip route answering 302 to the blob host, which serves `body`. */
function serveZip(id: number, body: Buffer, blobPath = `/actions-results/a1/artifact-${id}.zip`) {
  const api = nock(API)
    .get(`/repos/octo-org/app/actions/artifacts/${id}/zip`)
    .reply(302, '', { location: `${BLOB}${blobPath}?sv=2025-01-05&se=2026-11-02T03%3A01%3A00Z&sig=abc` });
  const blob = nock(BLOB, { badheaders: ['authorization'] })
    .get(blobPath)
    .query(true)
    .reply(200, body, { 'content-type': 'application/zip' });
  return { api, blob };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opsguard-artifacts-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('listRunArtifacts', () => {
  test('pages through 100 at a time on one counted route', async () => {
    const first = Array.from({ length: 100 }, (_, i) => anArtifact({ id: 4_100_000_000 + i, name: `shard-${i}` }));
    const second = [anArtifact({ id: 4_100_000_100, name: 'coverage', expired: true })];
    const scope = nock(API)
      .get(LIST)
      .query({ per_page: '100', page: '1' })
      .reply(200, { total_count: 101, artifacts: first })
      .get(LIST)
      .query({ per_page: '100', page: '2' })
      .reply(200, { total_count: 101, artifacts: second });
    const client = await createTestGitHubClient();

    const artifacts = await listRunArtifacts(client, REPO, RUN);

    expect(artifacts).toHaveLength(101);
    expect(artifacts[100]).toMatchObject({ name: 'coverage', expired: true });
    expect(client.requests().byRoute).toEqual({ 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts': 2 });
    scope.done();
  });
});

describe('downloadArtifact', () => {
  const zip = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(50_000, 7)]);

  test('follows the 302 without the token, streams to the file and checks the digest', async () => {
    const { api, blob } = serveZip(4_100_000_001, zip);
    const client = await createTestGitHubClient();
    const path = join(dir, 'test-results.zip');

    const got = await downloadArtifact(client, REPO, anArtifact({ digest: `sha256:${sha256(zip)}` }), path);

    expect(got).toEqual({ path, bytes: zip.length, sha256: sha256(zip), verified: true });
    expect(sha256(await readFile(path))).toBe(sha256(zip));
    expect(await readdir(dir)).toEqual(['test-results.zip']);
    expect(client.requests().byRoute).toEqual({
      'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/zip': 1,
    });
    api.done();
    blob.done();
  });

  test('without a digest (upload-artifact < v4) the file is kept, marked unverified', async () => {
    serveZip(4_100_000_001, zip);
    const client = await createTestGitHubClient();

    const got = await downloadArtifact(client, REPO, anArtifact(), join(dir, 'a.zip'));

    expect(got.verified).toBe(false);
    expect(got.sha256).toBe(sha256(zip));
  });

  test('a digest mismatch fails the artifact clearly and leaves no file', async () => {
    serveZip(4_100_000_001, zip);
    const client = await createTestGitHubClient();
    const wrong = sha256('something else');

    const attempt = downloadArtifact(client, REPO, anArtifact({ digest: `sha256:${wrong}` }), join(dir, 'a.zip'));

    await expect(attempt).rejects.toThrow(ArtifactDownloadError);
    await expect(attempt).rejects.toMatchObject({ reason: 'digest_mismatch' });
    await expect(attempt).rejects.toThrow(/does not match the digest GitHub reported/);
    expect(await readdir(dir)).toEqual([]);
  });

  test('past maxBytes: refused, no partial file', async () => {
    serveZip(4_100_000_001, zip);
    const client = await createTestGitHubClient();

    const attempt = downloadArtifact(client, REPO, anArtifact(), join(dir, 'a.zip'), { maxBytes: 10_000 });

    await expect(attempt).rejects.toMatchObject({ name: 'ArtifactDownloadError', reason: 'too_large' });
    expect(await readdir(dir)).toEqual([]);
  });

  test('410 from the API means expired', async () => {
    nock(API)
      .get('/repos/octo-org/app/actions/artifacts/4100000001/zip')
      .reply(410, { message: 'Artifact has expired' });
    const client = await createTestGitHubClient();

    await expect(downloadArtifact(client, REPO, anArtifact(), join(dir, 'a.zip'))).rejects.toMatchObject({
      reason: 'expired',
    });
    expect(await readdir(dir)).toEqual([]);
  });

  test('a refused storage link means expired too', async () => {
    nock(API)
      .get('/repos/octo-org/app/actions/artifacts/4100000001/zip')
      .reply(302, '', { location: `${BLOB}/x.zip` });
    nock(BLOB).get('/x.zip').reply(403, '<Error><Code>AuthenticationFailed</Code></Error>');
    const client = await createTestGitHubClient();

    await expect(downloadArtifact(client, REPO, anArtifact(), join(dir, 'a.zip'))).rejects.toMatchObject({
      reason: 'expired',
    });
  });
});

describe('artifactFileName', () => {
  test.each([
    ['test-results', 'test-results.zip'],
    ['../../etc/passwd', 'etc_passwd.zip'],
    ['..', 'artifact.zip'],
    ['a/../../b', 'a_b.zip'],
    ['..\\..\\windows\\system32', 'windows_system32.zip'],
    ['/absolute', 'absolute.zip'],
    ['.hidden', 'hidden.zip'],
    ['report v1.2 (final)', 'report_v1.2_final_.zip'],
    ['nul\u0000byte', 'nul_byte.zip'],
    ['CON', '_CON.zip'],
    ['', 'artifact.zip'],
    ['日本語', 'artifact.zip'],
    ['trailing.', 'trailing.zip'],
  ])('%j → %j', (name, file) => {
    expect(artifactFileName(name)).toBe(file);
  });

  test('never longer than 104 characters, never a separator or ..', () => {
    const name = artifactFileName(`${'x/'.repeat(200)}..`);
    expect(name.length).toBeLessThanOrEqual(104);
    expect(name).not.toMatch(/[/\\]|\.\./);
  });
});
