import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aWorkflowRun } from '@opsguard/testing';
import { createServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { auditHandlerFailure, createRuntime, handleRunEvent, runEventDepsOf, type Runtime } from '../src/index.js';

const repo = { owner: 'octo-org', repo: 'app' };

/** A server that accepts every connection and never answers (the probe's hung API). */
let hung: Server;
const sockets: Socket[] = [];
/** An API whose every JSON answer is cut off half-way. */
let truncating: HttpServer;
let truncatedRequests = 0;
const portOf = (s: Server | HttpServer) => {
  const a = s.address();
  return typeof a === 'object' && a ? a.port : 0;
};

beforeAll(async () => {
  hung = createTcpServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
  truncating = createServer((req, res) => {
    truncatedRequests++;
    const body = JSON.stringify(aWorkflowRun({ id: 5, conclusion: 'failure' }));
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body.slice(0, body.length / 2));
  });
  await new Promise<void>((resolve) => truncating.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => hung.close(() => resolve()));
  await new Promise<void>((resolve) => truncating.close(() => resolve()));
});

async function runtimeOn(url: string): Promise<Runtime> {
  return createRuntime({
    repo,
    token: 'test-token',
    apiUrl: url,
    env: {},
    store: { kind: 'none' },
    cwd: process.cwd(),
    actor: 'test',
    log: () => undefined,
    killVariable: { kind: 'value', value: null, from: 'input' },
    paceRequests: false,
    requestTimeouts: { connectMs: 200, responseMs: 300 },
    githubRetryBaseMs: 0,
  });
}

const settings = { repo, actor: 'test', log: () => undefined, maxWaits: 0, outDir: null, timeZone: 'UTC' };

describe('every request has a response timeout (issue 15)', () => {
  it('an API that accepts and never answers fails the handler within the timeouts, with the reason, and leaves an audit FAILURE', async () => {
    const runtime = await runtimeOn(`http://127.0.0.1:${portOf(hung)}`);
    const deps = runEventDepsOf(runtime, settings);
    const started = performance.now();
    const failure = await handleRunEvent(deps, 5).catch((error: unknown) => error);
    const tookMs = performance.now() - started;
    expect(failure).toMatchObject({ name: 'GitHubApiError', kind: 'transient', reachedGitHub: false });
    expect(String((failure as Error).message)).toMatch(
      /GET \/repos\/\{owner\}\/\{repo\}\/actions\/runs\/\{run_id\} failed \(no response/,
    );
    // 1 try + 3 retries of a GET, each cut off after the 300 ms response timeout (≈ 1.2 s); the
    // bound leaves room for a loaded machine — without the timeout the call never ends at all.
    expect(tookMs).toBeLessThan(4 * 300 + 10_000);
    await auditHandlerFailure(deps, 5, failure, new Date(Date.now() - tookMs));
    const [record] = await runtime.store.listAudit({ action: 'handle-run-event' });
    expect(record).toMatchObject({
      outcome: 'FAILURE',
      target: 'octo-org/app:run:5',
      reason: expect.stringContaining('no response'),
    });
    await runtime.close();
  }, 20_000);
});

describe('a JSON answer that cannot be parsed (issue 15)', () => {
  it('is asked again, then fails with "the API answered malformed JSON for GET …", never read as an empty run', async () => {
    const runtime = await runtimeOn(`http://127.0.0.1:${portOf(truncating)}`);
    const deps = runEventDepsOf(runtime, settings);
    truncatedRequests = 0;
    const failure = await handleRunEvent(deps, 5).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'GitHubApiError', kind: 'malformed' });
    expect((failure as Error).message).toContain(
      'the API answered malformed JSON for GET /repos/{owner}/{repo}/actions/runs/{run_id}',
    );
    expect(truncatedRequests).toBe(4); // the first try and 3 re-asks (a GET may be asked again)
    await runtime.close();
  });
});
