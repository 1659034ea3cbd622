import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signPayload } from '@opsguard/webhook-signature';

// `opsguard serve` as a user starts it: a real process, real HTTP on 127.0.0.1, SIGTERM to stop.
// Its dispatch goes to a stand-in GitHub API on 127.0.0.1 (GITHUB_API_URL).
const BIN = fileURLToPath(new URL('../bin/opsguard.js', import.meta.url));
const SECRET = 'serve-test-secret';

let cwd = '';
let github: Server;
let githubUrl = '';
const dispatches: { path: string; body: Record<string, unknown> }[] = [];
let child: ChildProcess;
let baseUrl = '';
let stderr = '';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function run(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '', HOME: cwd, ...env },
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.stderr.on('data', (c: Buffer) => (err += c.toString()));
    p.on('close', (code) => resolve({ code: code ?? 1, stdout: out, stderr: err }));
  });
}

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'opsguard-serve-'));
  github = createServer((req, res) => {
    void readBody(req).then((text) => {
      if (req.method === 'POST' && req.url === '/repos/acme/ops/dispatches') {
        dispatches.push({ path: req.url, body: JSON.parse(text) as Record<string, unknown> });
        res.writeHead(204).end();
      } else {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
      }
    });
  });
  await new Promise<void>((resolve) => github.listen(0, '127.0.0.1', resolve));
  const address = github.address();
  githubUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  await writeFile(
    join(cwd, 'sources.json'),
    JSON.stringify({
      sources: {
        pager: { secretEnv: ['PAGER_SECRET'], action: { type: 'repository_dispatch', eventType: 'opsguard-kill' } },
      },
    }),
  );
  const env = { PAGER_SECRET: SECRET, GITHUB_TOKEN: 'test-token', GITHUB_API_URL: githubUrl };
  child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--repo', 'acme/ops', '--sources', 'sources.json'], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: cwd, ...env },
  });
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const deadline = Date.now() + 45_000;
  while (!/listening on (http:\/\/[\d.:]+)/.test(stderr)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  baseUrl = /listening on (http:\/\/[\d.:]+)/.exec(stderr)?.[1] ?? '';
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await new Promise<void>((resolve) => github?.close(() => resolve()));
  await rm(cwd, { recursive: true, force: true });
});

describe('opsguard serve (a real process)', () => {
  it('binds 127.0.0.1 by default and says which sources it serves', () => {
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stderr).toContain('intake sources: pager');
    expect(stderr).toContain('store: pglite');
  });

  it('a signed delivery dispatches once through the guard; its redelivery is a duplicate', async () => {
    const body = JSON.stringify({ reason: 'pager says stop' });
    const headers = signPayload({ body, secret: SECRET, id: 'page-1' });
    const post = () =>
      fetch(`${baseUrl}/api/v1/hooks/pager`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    const first = await post();
    expect(first.status).toBe(202);
    const answer = (await first.json()) as { audit_id: string; result: Record<string, unknown> };
    expect(answer.result).toMatchObject({
      dispatched: true,
      repository: 'acme/ops',
      event_type: 'opsguard-kill',
      guard_outcome: 'SUCCESS',
    });
    expect(dispatches).toHaveLength(1);
    expect(dispatches[0]?.body).toMatchObject({
      event_type: 'opsguard-kill',
      client_payload: {
        source: 'pager',
        delivery: 'page-1',
        audit_id: answer.audit_id,
        event: { reason: 'pager says stop' },
      },
    });
    const again = await post();
    expect(await again.json()).toMatchObject({ reference: { audit_id: answer.audit_id, type: 'duplicate' } });
    expect(dispatches).toHaveLength(1);
  });

  it('healthz answers without a key; the audit needs one', async () => {
    const health = await fetch(`${baseUrl}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok', store: 'pglite' });
    const unauthorised = await fetch(`${baseUrl}/api/v1/audit`);
    expect(unauthorised.status).toBe(401);
  });

  it('SIGTERM: finishes and exits 0', async () => {
    const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('SIGTERM: finishing in-flight requests');
    expect(stderr).toMatch(/stopped \(drained\)/);
  });

  it('then keys, export and cleanup run on the same store', async () => {
    const created = await run(['keys', 'create', '--name', 'grafana', '--role', 'reader'], {});
    expect(created.code).toBe(0);
    expect(created.stdout.trim()).toMatch(/^og_[a-z0-9]{12}_[A-Za-z0-9_-]{32}$/);
    const listed = await run(['keys', 'list', '--json'], {});
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ name: 'grafana', role: 'reader', revokedAt: null }),
    ]);
    const exported = await run(['export', '--table', 'audit', '--format', 'ndjson'], {});
    expect(exported.code).toBe(0);
    const actions = exported.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { action: string }).action);
    expect(actions).toEqual(expect.arrayContaining(['intake-accept', 'repository-dispatch', 'intake-process']));
    const cleaned = await run(['cleanup', '--json'], {});
    expect(JSON.parse(cleaned.stdout)).toEqual({ intakeKeys: 0, otherKeys: 0, tokenBuckets: 0 });
  });
});
