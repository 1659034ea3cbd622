import { afterEach, describe, expect, test } from '@jest/globals';
import { aWorkflowRun } from '@opsguard/testing';
import { defaultSampleDir, loadSample, startReplayServer, type ReplayServer } from '../src/index.js';

const CI = 61200417;
let server: ReplayServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function send(method: string, url: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

const running = (id: number) =>
  aWorkflowRun({ id, workflow_id: CI, status: 'in_progress', conclusion: null, created_at: '2026-11-20T10:20:00Z' });

describe('replay: the brake’s routes', () => {
  test('a run that ignores cancel stays in progress until force-cancel; a completed run answers 409', async () => {
    const sample = await loadSample(defaultSampleDir());
    server = await startReplayServer({ sample, runs: [running(901), running(902)], ignoresCancel: [902] });
    const repo = `${server.url}/repos/acme/webshop`;

    expect((await send('POST', `${repo}/actions/runs/901/cancel`)).status).toBe(202);
    expect((await send('POST', `${repo}/actions/runs/902/cancel`)).status).toBe(202);
    const after = await send('GET', `${repo}/actions/workflows/${CI}/runs?status=in_progress`);
    expect((after.body as { workflow_runs: { id: number }[] }).workflow_runs.map((r) => r.id)).toEqual([902]);

    expect((await send('POST', `${repo}/actions/runs/902/force-cancel`)).status).toBe(202);
    const run = (await send('GET', `${repo}/actions/runs/902`)).body as { status: string; conclusion: string };
    expect([run.status, run.conclusion]).toEqual(['completed', 'cancelled']);
    const again = await send('POST', `${repo}/actions/runs/902/force-cancel`);
    expect(again.status).toBe(409);
    expect((again.body as { message: string }).message).toBe('Cannot cancel a workflow run that is completed.');
  });

  test('workflow states: seeded as a person left them, changed by disable/enable, read back', async () => {
    server = await startReplayServer({ sampleDir: defaultSampleDir(), disabledWorkflows: ['lint.yml'] });
    const repo = `${server.url}/repos/acme/webshop`;
    const stateOf = async (id: string) =>
      ((await send('GET', `${repo}/actions/workflows/${id}`)).body as { state: string }).state;

    expect(await stateOf('lint.yml')).toBe('disabled_manually');
    expect((await send('PUT', `${repo}/actions/workflows/${CI}/disable`)).status).toBe(204);
    expect(await stateOf(String(CI))).toBe('disabled_manually');
    expect((await send('PUT', `${repo}/actions/workflows/ci.yml/enable`)).status).toBe(204);
    expect(await stateOf('ci.yml')).toBe('active');
  });

  test('variables: POST creates (201), a second POST is 409, PATCH updates (204)', async () => {
    server = await startReplayServer({ sampleDir: defaultSampleDir() });
    const repo = `${server.url}/repos/acme/webshop`;

    expect((await send('POST', `${repo}/actions/variables`, { name: 'OPSGUARD_KILL', value: 'true' })).status).toBe(
      201,
    );
    expect((await send('POST', `${repo}/actions/variables`, { name: 'OPSGUARD_KILL', value: 'x' })).status).toBe(409);
    expect((await send('PATCH', `${repo}/actions/variables/OPSGUARD_KILL`, { value: 'false' })).status).toBe(204);
    expect(((await send('GET', `${repo}/actions/variables/OPSGUARD_KILL`)).body as { value: string }).value).toBe(
      'false',
    );
  });

  test('a fault answers its status the given number of times, then the real answer', async () => {
    server = await startReplayServer({
      sampleDir: defaultSampleDir(),
      runs: [running(903)],
      faults: [{ method: 'POST', path: /\/cancel$/, status: 502, times: 1 }],
    });
    const repo = `${server.url}/repos/acme/webshop`;

    expect((await send('POST', `${repo}/actions/runs/903/cancel`)).status).toBe(502);
    expect((await send('POST', `${repo}/actions/runs/903/cancel`)).status).toBe(202);
  });
});
