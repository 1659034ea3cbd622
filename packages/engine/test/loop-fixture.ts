// A repository behind nock for the loop's tests: runs built from GitHub's own shapes, each failed
// job carrying one annotation, and every request recorded (method, path, body).
import { aJob, anAnnotation, aStep, aWorkflowRun } from '@opsguard/testing';
import type { Job, WorkflowRun } from '@opsguard/github';
import { MemoryStore, type Store } from '@opsguard/store';
import nock from 'nock';
import { createRuntime, stepContextOf, type Runtime, type StepContext } from '../src/index.js';

export const API = 'https://api.github.com';
export const REPO_PATH = '/repos/octo-org/app';
export const repo = { owner: 'octo-org', repo: 'app' };

export interface FixtureRun {
  readonly run: WorkflowRun;
  /** The annotation of its failed job (when it failed). */
  readonly annotation?: string;
}

export interface Sent {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/** A failed (or other) run with one job whose annotation says `annotation`. */
const bodyOf = async (req: Request): Promise<unknown> => {
  const text = await req.text();
  return text === '' ? undefined : (JSON.parse(text) as unknown);
};

export function aRunWith(over: Partial<WorkflowRun>, annotation?: string): FixtureRun {
  return { run: aWorkflowRun(over), ...(annotation !== undefined && { annotation }) };
}

function jobsOf(f: FixtureRun): Job[] {
  const failed = f.run.conclusion === 'failure';
  return [
    aJob({
      id: Number(f.run.id) * 10,
      run_id: Number(f.run.id),
      run_attempt: f.run.run_attempt ?? 1,
      name: 'build',
      status: f.run.status === 'completed' ? 'completed' : 'in_progress',
      conclusion: f.run.status === 'completed' ? (failed ? 'failure' : 'success') : null,
      steps: [aStep({ name: 'Run npm test', conclusion: failed ? 'failure' : 'success' })],
    }),
  ];
}

/**
 * Serves the runs: the list, each run, its jobs and each failed job's annotations; answers
 * `overrides` first (a route that fails, say). Records what was sent.
 */
export function serveRepository(
  runs: readonly FixtureRun[],
  overrides: (scope: nock.Scope) => void = () => undefined,
): { sent: Sent[] } {
  const sent: Sent[] = [];
  const byId = new Map(runs.map((f) => [Number(f.run.id), f]));
  const scope = nock(API).persist();
  overrides(scope);
  scope
    .get(`${REPO_PATH}/actions/runs`)
    .query(true)
    .reply(200, () => ({ total_count: runs.length, workflow_runs: runs.map((f) => f.run) }))
    .get(/\/repos\/octo-org\/app\/actions\/runs\/\d+\/jobs/)
    .query(true)
    .reply(200, (req: Request) => {
      const id = Number(/runs\/(\d+)\/jobs/.exec(req.url)?.[1]);
      const f = byId.get(id);
      const jobs = f ? jobsOf(f) : [];
      return { total_count: jobs.length, jobs };
    })
    .get(/\/repos\/octo-org\/app\/actions\/runs\/\d+$/)
    .reply(200, (req: Request) => byId.get(Number(/runs\/(\d+)$/.exec(new URL(req.url).pathname)?.[1]))?.run ?? {})
    .get(/\/repos\/octo-org\/app\/check-runs\/\d+\/annotations/)
    .query(true)
    .reply(200, (req: Request) => {
      const jobId = Number(/check-runs\/(\d+)\//.exec(req.url)?.[1]);
      const f = byId.get(jobId / 10);
      return f?.annotation ? [anAnnotation({ message: f.annotation, annotation_level: 'failure' })] : [];
    })
    // Logs past GitHub's retention: the diagnosis stays with the annotations.
    .get(/\/repos\/octo-org\/app\/actions\/jobs\/\d+\/logs/)
    .reply(410, { message: 'Gone' })
    .get(`${REPO_PATH}/actions/variables/OPSGUARD_KILL`)
    .reply(404, { message: 'Not Found' })
    .get(REPO_PATH)
    .reply(200, { default_branch: 'main' })
    // No issue is open yet: a notification opens one (the POST below is recorded).
    .get(`${REPO_PATH}/issues`)
    .query(true)
    .reply(200, [])
    .post(/.*/)
    .reply(201, async (req: Request) => {
      const path = new URL(req.url).pathname;
      sent.push({ method: 'POST', path, body: await bodyOf(req) });
      // An issue comes back with its number and address, as GitHub answers.
      return path.endsWith('/issues') ? { number: 1, html_url: 'https://github.com/octo-org/app/issues/1' } : {};
    })
    .patch(/.*/)
    .reply(200, async (req: Request) => {
      sent.push({ method: 'PATCH', path: new URL(req.url).pathname, body: await bodyOf(req) });
      return {};
    });
  return { sent };
}

export async function loopContext(
  now: Date,
  options: { store?: Store; sanitizeSecrets?: readonly string[] } = {},
): Promise<{ ctx: StepContext; runtime: Runtime }> {
  let at = now.getTime();
  const clock = {
    now: () => new Date(at),
    sleep: async (ms: number) => {
      at += ms;
    },
  };
  const runtime = await createRuntime({
    repo,
    token: 'ghs_loopFixtureToken000000000000000',
    env: {},
    store: options.store ?? new MemoryStore(),
    cwd: process.cwd(),
    clock,
    random: () => 0.5,
    actor: 'test',
    log: () => undefined,
    killVariable: { kind: 'value', value: null, from: 'input' },
    paceRequests: false,
    timeBudgetMs: 24 * 3_600_000,
    githubRetryBaseMs: 0,
    secrets: options.sanitizeSecrets ?? [],
  });
  return { ctx: stepContextOf(runtime, repo, 'test', () => undefined), runtime };
}
