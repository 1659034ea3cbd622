import { describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { downloadJobLogs } from '../src/index.js';
import { TailBuffer } from '../src/logs.js';
import { createTestGitHubClient } from '@opsguard/testing';

const API = 'https://api.github.com';
const BLOB = 'https://productionresultssa3.blob.core.windows.net';
const BLOB_PATH = '/actions-results/7b1c/workflow-job-run-52000000001/logs/job/job-logs.txt';
const REPO = { owner: 'octo-org', repo: 'app' } as const;
const LOGS = '/repos/octo-org/app/actions/jobs/52000000001/logs';

function redirectToBlob() {
  return nock(API)
    .get(LOGS)
    .reply(302, '', { location: `${BLOB}${BLOB_PATH}?sv=2025-01-05&se=2026-11-02T03%3A01%3A00Z&sig=abc` });
}

function logLines(count: number): string {
  return Array.from(
    { length: count },
    (_, i) => `2026-11-02T03:00:${String(i % 60).padStart(2, '0')}.0000000Z line ${i}\n`,
  ).join('');
}

describe('downloadJobLogs', () => {
  test('follows the 302 to the blob host without sending the token', async () => {
    const api = redirectToBlob();
    const blob = nock(BLOB, { badheaders: ['authorization'] })
      .get(BLOB_PATH)
      .query(true)
      .reply(200, '##[group]Run npm test\nError: connect ETIMEDOUT\n##[error]Process completed with exit code 1.\n', {
        'content-type': 'text/plain',
      });
    const client = await createTestGitHubClient();

    const logs = await downloadJobLogs(client, REPO, 52_000_000_001);

    expect(logs.text).toContain('connect ETIMEDOUT');
    expect(logs.truncated).toBe(false);
    expect(logs.unavailable).toBeUndefined();
    expect(client.requests().byRoute).toEqual({ 'GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs': 1 });
    api.done();
    blob.done();
  });

  test('keeps only the tail, starting at a whole line', async () => {
    const full = logLines(20_000);
    redirectToBlob();
    nock(BLOB).get(BLOB_PATH).query(true).reply(200, full);
    const client = await createTestGitHubClient();

    const logs = await downloadJobLogs(client, REPO, 52_000_000_001n, { maxBytes: 1000 });

    expect(logs.truncated).toBe(true);
    expect(logs.totalBytes).toBe(Buffer.byteLength(full));
    expect(Buffer.byteLength(logs.text)).toBeLessThanOrEqual(1000);
    expect(logs.text.endsWith('line 19999\n')).toBe(true);
    expect(logs.text.startsWith('2026-11-02T03:00:')).toBe(true);
    expect(full.endsWith(logs.text)).toBe(true);
  });

  test.each([
    [410, 'expired'],
    [404, 'not_found'],
  ] as const)('the API answering %i is a clear result, not a crash', async (status, reason) => {
    const scope = nock(API)
      .get(LOGS)
      .reply(status, { message: status === 410 ? 'Gone' : 'Not Found' });
    const client = await createTestGitHubClient();

    const logs = await downloadJobLogs(client, REPO, 52_000_000_001);

    expect(logs).toEqual({ text: '', truncated: false, totalBytes: 0, unavailable: { status, reason } });
    expect(client.requests().total).toBe(1);
    scope.done();
  });

  test('an expired blob link is a clear result too', async () => {
    redirectToBlob();
    const blob = nock(BLOB).get(BLOB_PATH).query(true).reply(403, '<Error><Code>AuthenticationFailed</Code></Error>');
    const client = await createTestGitHubClient();

    const logs = await downloadJobLogs(client, REPO, 52_000_000_001);

    expect(logs.unavailable).toEqual({ status: 403, reason: 'expired' });
    expect(logs.text).toBe('');
    blob.done();
  });

  test('a 5xx of the API is retried like any read', async () => {
    nock(API)
      .get(LOGS)
      .reply(502)
      .get(LOGS)
      .reply(302, '', { location: `${BLOB}${BLOB_PATH}` });
    nock(BLOB).get(BLOB_PATH).reply(200, 'ok\n');
    const client = await createTestGitHubClient();

    expect((await downloadJobLogs(client, REPO, 52_000_000_001)).text).toBe('ok\n');
    expect(client.requests().total).toBe(2);
  });

  test('a permission refusal still throws (a configuration problem, not missing logs)', async () => {
    nock(API).get(LOGS).reply(403, { message: 'Resource not accessible by integration' });
    const client = await createTestGitHubClient();

    await expect(downloadJobLogs(client, REPO, 52_000_000_001)).rejects.toMatchObject({
      name: 'GitHubApiError',
      kind: 'permission',
    });
  });

  test('maxBytes must be a whole number ≥ 1', async () => {
    const client = await createTestGitHubClient();
    await expect(downloadJobLogs(client, REPO, 1, { maxBytes: 0 })).rejects.toThrow(RangeError);
  });
});

describe('TailBuffer', () => {
  test('holds at most the limit plus one chunk, however long the stream', () => {
    const tail = new TailBuffer(10_000);
    const chunk = new Uint8Array(4096).fill(0x61);
    let peak = 0;
    for (let i = 0; i < 2_000; i += 1) {
      tail.push(chunk);
      peak = Math.max(peak, tail.keptBytes);
    }
    expect(tail.total).toBe(2_000 * 4096);
    expect(peak).toBeLessThanOrEqual(10_000 + 4096);
    expect(tail.bytes()).toHaveLength(10_000);
  });
});
