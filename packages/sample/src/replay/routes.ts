// The REST endpoints OpsGuard calls, answered from the replay state with GitHub's status codes
// and bodies. Paths are matched after `/repos/{owner}/{repo}`.
import type { WorkflowRun } from '../types.js';
import { createdFilter, linkHeader, matchesStatus, paginate } from './filters.js';
import type { IssueStore } from './issues.js';
import { ROLLBACK_ROUTES } from './rollback-routes.js';
import { REPLAY_ACTOR, type ReplayState } from './state.js';

export interface RouteContext {
  readonly state: ReplayState;
  readonly issues: IssueStore;
  readonly method: string;
  readonly url: URL;
  readonly params: readonly string[];
  readonly body: unknown;
  readonly now: Date;
  readonly base: string;
  /** The bearer token of the request, if any (a replay may refuse some tokens some routes). */
  readonly token?: string | undefined;
}

export interface Reply {
  readonly status: number;
  readonly json?: unknown;
  readonly text?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

type Handler = (ctx: RouteContext) => Reply;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly handler: Handler;
}

const DOCS = 'https://docs.github.com/rest';

export function notFound(): Reply {
  return { status: 404, json: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
}

function error(status: number, message: string, doc: string): Reply {
  return { status, json: { message, documentation_url: `${DOCS}/${doc}`, status: String(status) } };
}

function listed<T>(ctx: RouteContext, all: readonly T[], wrap?: (items: T[]) => unknown): Reply {
  const page = paginate(all, ctx.url.searchParams);
  const link = linkHeader(ctx.url, page);
  return { status: 200, json: wrap ? wrap(page.items) : page.items, ...(link ? { headers: { link } } : {}) };
}

function runParam(ctx: RouteContext): WorkflowRun | undefined {
  return ctx.state.latest(Number(ctx.params[0]));
}

function listRuns(ctx: RouteContext, workflowId?: number): Reply {
  const q = ctx.url.searchParams;
  const created = q.get('created');
  const inRange = created ? createdFilter(created) : undefined;
  const status = q.get('status');
  const branch = q.get('branch');
  const event = q.get('event');
  const actor = q.get('actor');
  const headSha = q.get('head_sha');
  const suite = q.get('check_suite_id');
  const runs = ctx.state.latestRuns.filter(
    (r) =>
      (workflowId === undefined || r.workflow_id === workflowId) &&
      (!inRange || inRange(Date.parse(r.created_at))) &&
      (!status || matchesStatus(status, r.status, r.conclusion)) &&
      (!branch || r.head_branch === branch) &&
      (!event || r.event === event) &&
      (!actor || r.actor?.login === actor) &&
      (!headSha || r.head_sha === headSha) &&
      (!suite || String(r.check_suite_id) === suite),
  );
  return listed(ctx, runs, (items) => ({ total_count: runs.length, workflow_runs: items }));
}

function rerun(failedOnly: boolean): Handler {
  return (ctx) => {
    const run = runParam(ctx);
    if (!run) return notFound();
    const refusal = ctx.state.rerunRefusal(run, ctx.now, failedOnly);
    if (refusal) {
      return error(
        refusal.status,
        refusal.message,
        failedOnly
          ? 'actions/workflow-runs#re-run-failed-jobs-from-a-workflow-run'
          : 'actions/workflow-runs#re-run-a-workflow',
      );
    }
    ctx.state.rerun(run, ctx.now, failedOnly);
    return { status: 201, json: {} };
  };
}

function cancel(force: boolean): Handler {
  return (ctx) => {
    const run = runParam(ctx);
    if (!run) return notFound();
    if (!ctx.state.cancel(run, ctx.now, force))
      return error(
        409,
        'Cannot cancel a workflow run that is completed.',
        force ? 'actions/workflow-runs#force-cancel-a-workflow-run' : 'actions/workflow-runs#cancel-a-workflow-run',
      );
    return { status: 202, json: {} };
  };
}

function setWorkflowState(state: 'active' | 'disabled_manually'): Handler {
  return (ctx) => {
    const workflow = ctx.state.workflow(ctx.params[0] ?? '');
    if (!workflow) return notFound();
    workflow.state = state;
    workflow.updated_at = ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    return { status: 204 };
  };
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

function variableWrite(ctx: RouteContext, name: string, status: number): Reply {
  const value = field(ctx.body, 'value');
  if (typeof value !== 'string')
    return error(422, 'Invalid request.\n\n"value" wasn\'t supplied.', 'actions/variables');
  const stamp = ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const existing = ctx.state.variables.get(name.toUpperCase());
  ctx.state.variables.set(name.toUpperCase(), {
    name: name.toUpperCase(),
    value,
    created_at: existing?.created_at ?? stamp,
    updated_at: stamp,
  });
  return { status, ...(status === 201 ? { json: {} } : {}) };
}

const ROUTES: readonly Route[] = [
  ...ROLLBACK_ROUTES,
  { method: 'GET', pattern: /^$/, handler: (ctx) => ({ status: 200, json: ctx.state.repository }) },
  { method: 'GET', pattern: /^\/actions\/runs$/, handler: (ctx) => listRuns(ctx) },
  {
    method: 'GET',
    pattern: /^\/actions\/runs\/(\d+)$/,
    handler: (ctx) => {
      const run = runParam(ctx);
      return run ? { status: 200, json: run } : notFound();
    },
  },
  {
    method: 'GET',
    pattern: /^\/actions\/runs\/(\d+)\/attempts\/(\d+)$/,
    handler: (ctx) => {
      const run = ctx.state.attempts.get(Number(ctx.params[0]))?.[Number(ctx.params[1]) - 1];
      return run ? { status: 200, json: run } : notFound();
    },
  },
  {
    method: 'GET',
    pattern: /^\/actions\/runs\/(\d+)\/jobs$/,
    handler: (ctx) => {
      if (!runParam(ctx)) return notFound();
      const filter = ctx.url.searchParams.get('filter') === 'all' ? 'all' : 'latest';
      const jobs = ctx.state.runJobs(Number(ctx.params[0]), filter);
      return listed(ctx, jobs, (items) => ({ total_count: jobs.length, jobs: items }));
    },
  },
  {
    method: 'GET',
    pattern: /^\/actions\/runs\/(\d+)\/attempts\/(\d+)\/jobs$/,
    handler: (ctx) => {
      const jobs = ctx.state.jobsByAttempt.get(Number(ctx.params[0]))?.get(Number(ctx.params[1]));
      if (!jobs) return notFound();
      return listed(ctx, jobs, (items) => ({ total_count: jobs.length, jobs: items }));
    },
  },
  { method: 'POST', pattern: /^\/actions\/runs\/(\d+)\/rerun-failed-jobs$/, handler: rerun(true) },
  { method: 'POST', pattern: /^\/actions\/runs\/(\d+)\/rerun$/, handler: rerun(false) },
  { method: 'POST', pattern: /^\/actions\/runs\/(\d+)\/cancel$/, handler: cancel(false) },
  { method: 'POST', pattern: /^\/actions\/runs\/(\d+)\/force-cancel$/, handler: cancel(true) },
  {
    method: 'GET',
    pattern: /^\/actions\/jobs\/(\d+)$/,
    handler: (ctx) => {
      const job = ctx.state.jobs.get(Number(ctx.params[0]));
      return job ? { status: 200, json: job } : notFound();
    },
  },
  {
    method: 'GET',
    pattern: /^\/actions\/jobs\/(\d+)\/logs$/,
    handler: (ctx) => {
      const id = Number(ctx.params[0]);
      if (ctx.state.logOf(id) === undefined) return notFound();
      // A short-lived storage URL, like GitHub's; the blob route below serves it.
      const expires = Math.floor(ctx.now.getTime() / 1000) + 60;
      return { status: 302, headers: { location: `${ctx.base}/_blobs/logs/${id}?se=${expires}&sig=replay` } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/check-runs\/(\d+)\/annotations$/,
    handler: (ctx) => {
      const id = ctx.params[0] ?? '';
      if (!ctx.state.jobs.has(Number(id))) return notFound();
      return listed(ctx, [...ctx.state.annotationsOf(Number(id))]);
    },
  },
  {
    method: 'GET',
    pattern: /^\/actions\/workflows$/,
    handler: (ctx) =>
      listed(ctx, ctx.state.workflows, (items) => ({ total_count: ctx.state.workflows.length, workflows: items })),
  },
  {
    method: 'GET',
    pattern: /^\/actions\/workflows\/([^/]+)$/,
    handler: (ctx) => {
      const workflow = ctx.state.workflow(ctx.params[0] ?? '');
      return workflow ? { status: 200, json: workflow } : notFound();
    },
  },
  {
    method: 'GET',
    pattern: /^\/actions\/workflows\/([^/]+)\/runs$/,
    handler: (ctx) => {
      const workflow = ctx.state.workflow(ctx.params[0] ?? '');
      return workflow ? listRuns(ctx, workflow.id) : notFound();
    },
  },
  {
    method: 'PUT',
    pattern: /^\/actions\/workflows\/([^/]+)\/disable$/,
    handler: setWorkflowState('disabled_manually'),
  },
  { method: 'PUT', pattern: /^\/actions\/workflows\/([^/]+)\/enable$/, handler: setWorkflowState('active') },
  {
    method: 'GET',
    pattern: /^\/actions\/variables\/([^/]+)$/,
    handler: (ctx) => {
      const variable = ctx.state.variables.get((ctx.params[0] ?? '').toUpperCase());
      return variable ? { status: 200, json: variable } : notFound();
    },
  },
  {
    method: 'POST',
    pattern: /^\/actions\/variables$/,
    handler: (ctx) => {
      const name = field(ctx.body, 'name');
      if (typeof name !== 'string' || name === '')
        return error(422, 'Invalid request.\n\n"name" wasn\'t supplied.', 'actions/variables');
      if (ctx.state.variables.has(name.toUpperCase()))
        return error(409, 'Already exists - Variable already exists', 'actions/variables');
      return variableWrite(ctx, name, 201);
    },
  },
  {
    method: 'PATCH',
    pattern: /^\/actions\/variables\/([^/]+)$/,
    handler: (ctx) =>
      ctx.state.variables.has((ctx.params[0] ?? '').toUpperCase())
        ? variableWrite(ctx, ctx.params[0] ?? '', 204)
        : notFound(),
  },
  {
    method: 'DELETE',
    pattern: /^\/actions\/variables\/([^/]+)$/,
    handler: (ctx) => (ctx.state.variables.delete((ctx.params[0] ?? '').toUpperCase()) ? { status: 204 } : notFound()),
  },
  {
    method: 'POST',
    pattern: /^\/dispatches$/,
    handler: (ctx) => {
      const type = field(ctx.body, 'event_type');
      if (typeof type !== 'string' || type === '')
        return error(
          422,
          "Invalid request.\n\nFor 'links/0/schema', nil is not an object.",
          'repos/repos#create-a-repository-dispatch-event',
        );
      return { status: 204 };
    },
  },
  { method: 'GET', pattern: /^\/issues$/, handler: (ctx) => listed(ctx, ctx.issues.list(ctx.url.searchParams)) },
  {
    method: 'POST',
    pattern: /^\/issues$/,
    handler: (ctx) => {
      const issue = ctx.issues.create((ctx.body ?? {}) as object, REPLAY_ACTOR, ctx.now);
      if (typeof issue === 'string') return error(422, `Invalid request.\n\n${issue}`, 'issues/issues#create-an-issue');
      return { status: 201, json: issue, headers: { location: issue.url } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/issues\/(\d+)$/,
    handler: (ctx) => {
      const issue = ctx.issues.get(Number(ctx.params[0]));
      return issue ? { status: 200, json: issue } : notFound();
    },
  },
  {
    method: 'PATCH',
    pattern: /^\/issues\/(\d+)$/,
    handler: (ctx) => {
      const issue = ctx.issues.update(Number(ctx.params[0]), (ctx.body ?? {}) as object, REPLAY_ACTOR, ctx.now);
      return issue ? { status: 200, json: issue } : notFound();
    },
  },
  {
    method: 'GET',
    pattern: /^\/issues\/(\d+)\/comments$/,
    handler: (ctx) =>
      ctx.issues.get(Number(ctx.params[0])) ? listed(ctx, ctx.issues.comments(Number(ctx.params[0]))) : notFound(),
  },
  {
    method: 'POST',
    pattern: /^\/issues\/(\d+)\/comments$/,
    handler: (ctx) => {
      const comment = ctx.issues.comment(Number(ctx.params[0]), field(ctx.body, 'body'), REPLAY_ACTOR, ctx.now);
      if (comment === undefined) return notFound();
      if (typeof comment === 'string')
        return error(422, `Invalid request.\n\n${comment}`, 'issues/comments#create-an-issue-comment');
      return { status: 201, json: comment, headers: { location: comment.url } };
    },
  },
];

/** Answers a request under `/repos/{owner}/{repo}` (`rest` is what follows it). */
export function routeRepo(ctx: Omit<RouteContext, 'params'>, rest: string): Reply {
  for (const route of ROUTES) {
    if (route.method !== ctx.method) continue;
    const match = route.pattern.exec(rest);
    if (match) return route.handler({ ...ctx, params: match.slice(1) });
  }
  return notFound();
}
