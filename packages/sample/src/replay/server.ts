// A GitHub REST API for the demo and tests, answering from a recorded sample: node:http only,
// the sample loaded once and indexed by id, GitHub's headers on every answer, and a log of
// every request so a caller can see what the client asked for (re-runs, issues, ...).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadSample } from '../load-sample.js';
import type { Sample, WorkflowRun } from '../types.js';
import { ReplayGit, type GitSeed } from './git-store.js';
import { IssueStore } from './issues.js';
import { ReplaySecrets, type SecretSeed } from './secret-store.js';
import { notFound, type Reply, routeRepo } from './routes.js';
import { ReplayState } from './state.js';

export interface ReplayServerOptions {
  /** Folder of a sample (e.g. defaultSampleDir()); ignored when `sample` is given. */
  readonly sampleDir?: string;
  /** An already loaded sample (saves reading it twice). */
  readonly sample?: Sample;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: any free port. */
  readonly port?: number;
  /** The API's clock (re-run age limit, issue and re-run times, rate-limit reset). Default: the sample's `now`. */
  readonly now?: () => Date;
  /** Repository variables GET /actions/variables/{name} finds (e.g. `{ OPSGUARD_KILL: 'true' }`). */
  readonly variables?: Readonly<Record<string, string>>;
  /** Core rate limit reported in x-ratelimit-* (default 5000); the server never refuses. */
  readonly rateLimit?: number;
  /** Runs added to the sample's as they stand (queued, in progress, …), e.g. from aRun(). */
  readonly runs?: readonly WorkflowRun[];
  /** Ids of runs that ignore a normal cancel (202, still running): only force-cancel stops them. */
  readonly ignoresCancel?: readonly number[];
  /** Workflows (id or file name) that start `disabled_manually`, as a person left them. */
  readonly disabledWorkflows?: readonly string[];
  /** Answers that replace the real one, for fault tests (a 502 in the middle of a stop). */
  readonly faults?: readonly ReplayFault[];
  /** The repository's Git history (default: one commit with a README on the default branch). */
  readonly git?: GitSeed;
  /** Actions secrets of the repository and its environments (names only). */
  readonly secrets?: SecretSeed;
  /** Tokens refused on every secrets route with GitHub's 403 (like GITHUB_TOKEN). */
  readonly tokensWithoutSecrets?: readonly string[];
}

/** The next `times` requests matching `method` and `path` get `status` instead of their answer. */
export interface ReplayFault {
  readonly method: string;
  /** Matched against the full path, e.g. /\/actions\/runs\/\d+\/cancel$/. */
  readonly path: RegExp;
  readonly status: number;
  readonly times: number;
}

/** One request the server answered. */
export interface ReplayRequest {
  readonly method: string;
  /** The path without the query, e.g. `/repos/acme/webshop/actions/runs/123/rerun-failed-jobs`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Parsed JSON body of POST/PATCH/PUT (undefined when there was none). */
  readonly body: unknown;
  readonly status: number;
  /** The server clock when it was answered (ISO-8601). */
  readonly at: string;
}

export interface ReplayServer {
  /** Base URL, e.g. `http://127.0.0.1:41234` — use it as Octokit's baseUrl. */
  readonly url: string;
  readonly sample: Sample;
  close(): Promise<void>;
  /** Every request answered so far, oldest first (a copy). */
  requests(): ReplayRequest[];
  /** The repository's Git objects and branches, as clients left them. */
  readonly git: ReplayGit;
  readonly secrets: ReplaySecrets;
  /** Answers the next matching request(s) with a failure instead. */
  injectFault(fault: ReplayFault): void;
  /** Drops every fault not yet used up (the outage is over). */
  clearFaults(): void;
  /** Runs that start now (a push after a re-enable), as they stand. */
  addRuns(runs: readonly WorkflowRun[]): void;
}

const API = 'https://api.github.com';
const DOCS_ROOT = 'https://docs.github.com/rest';

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function requestId(): string {
  const hex = randomBytes(10).toString('hex').toUpperCase();
  return `${hex.slice(0, 4)}:${hex.slice(4, 9)}:${hex.slice(9, 16)}:${hex.slice(16, 20)}:${Date.now().toString(16).toUpperCase().slice(-8)}`;
}

export async function startReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const sample = options.sample ?? (options.sampleDir === undefined ? undefined : await loadSample(options.sampleDir));
  if (!sample) throw new TypeError('startReplayServer needs sampleDir or sample');
  const anchor = new Date(sample.manifest.now);
  const now = options.now ?? (() => anchor);
  const state = new ReplayState(sample);
  for (const [name, value] of Object.entries(options.variables ?? {})) {
    state.variables.set(name.toUpperCase(), {
      name: name.toUpperCase(),
      value,
      created_at: sample.manifest.now,
      updated_at: sample.manifest.now,
    });
  }
  state.addRuns(options.runs ?? []);
  for (const id of options.ignoresCancel ?? []) state.ignoresCancel.add(id);
  for (const idOrFile of options.disabledWorkflows ?? []) {
    const workflow = state.workflow(idOrFile);
    if (!workflow) throw new TypeError(`disabledWorkflows: no workflow ${idOrFile} in the sample`);
    workflow.state = 'disabled_manually';
  }
  const faults = (options.faults ?? []).map((f) => ({ ...f, left: f.times }));
  state.git = ReplayGit.seeded(
    options.git ?? {
      commits: [{ message: 'Initial commit', files: { 'README.md': `# ${sample.repository.name}\n` } }],
    },
    sample.repository.default_branch,
    sample.manifest.now,
  );
  state.secrets = new ReplaySecrets(options.secrets ?? {}, sample.manifest.now);
  const refused = new Set(options.tokensWithoutSecrets ?? []);
  state.secretsDenied = (token) => token !== undefined && refused.has(token);
  const api = `${API}/repos/${sample.repository.full_name}`;
  const issues = new IssueStore(api, sample.repository.html_url, 1_388);
  const log: ReplayRequest[] = [];
  const limit = options.rateLimit ?? 5_000;
  let used = 0;
  let base = '';
  const repoPrefix = `/repos/${state.owner}/${state.name}`.toLowerCase();

  const answer = (req: IncomingMessage, url: URL, body: unknown, clock: Date): Reply => {
    const method = req.method ?? 'GET';
    const fault = faults.find((f) => f.left > 0 && f.method === method && f.path.test(url.pathname));
    if (fault) {
      fault.left -= 1;
      return { status: fault.status, json: { message: 'Server Error', documentation_url: DOCS_ROOT } };
    }
    if (method === 'GET' && url.pathname.startsWith('/_blobs/logs/')) {
      const text = state.logOf(Number(url.pathname.slice('/_blobs/logs/'.length)));
      // The signed URL lives a minute, like GitHub's: a stale one must be fetched again.
      const expires = Number(url.searchParams.get('se') ?? Infinity);
      if (clock.getTime() / 1000 > expires)
        return { status: 403, text: 'AuthenticationFailed: Signed expiry time has passed.' };
      return text === undefined ? { status: 404, text: 'BlobNotFound' } : { status: 200, text };
    }
    if (method === 'GET' && url.pathname === '/rate_limit') {
      const core = {
        limit,
        used,
        remaining: Math.max(0, limit - used),
        reset: Math.floor(clock.getTime() / 1000) + 3600,
      };
      return { status: 200, json: { resources: { core }, rate: core } };
    }
    const path = url.pathname.replace(/\/+$/, '');
    const lower = path.toLowerCase();
    if (lower === repoPrefix || lower.startsWith(`${repoPrefix}/`)) {
      const rest = path.slice(repoPrefix.length);
      const authorization = req.headers.authorization;
      const token = authorization?.replace(/^(?:token|bearer)\s+/i, '');
      return routeRepo({ state, issues, method, url, body, now: clock, base, token }, rest);
    }
    return notFound();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', base);
    const raw = await readBody(req);
    const clock = now();
    // Re-run attempts move along with the server clock.
    state.refresh(clock);
    let body: unknown;
    let reply: Reply;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
      reply = answer(req, url, body, clock);
    } catch (error) {
      reply =
        error instanceof SyntaxError
          ? { status: 400, json: { message: 'Problems parsing JSON', documentation_url: DOCS_ROOT, status: '400' } }
          : {
              status: 500,
              json: { message: `Replay server error: ${error instanceof Error ? error.message : String(error)}` },
            };
    }
    used += 1;
    const headers: Record<string, string> = {
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': requestId(),
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - used)),
      'x-ratelimit-reset': String(Math.floor(clock.getTime() / 1000) + 3600),
      'x-ratelimit-used': String(used),
      'x-ratelimit-resource': 'core',
      ...reply.headers,
    };
    let payload = '';
    if (reply.text !== undefined) {
      headers['content-type'] = 'text/plain; charset=utf-8';
      payload = reply.text;
    } else if (reply.json !== undefined) {
      headers['content-type'] = 'application/json; charset=utf-8';
      // Links in the recorded bodies point at api.github.com; follow-ups must come back here.
      payload = JSON.stringify(reply.json).replaceAll(API, base);
    }
    if (reply.status >= 300 && reply.status < 400 && payload === '')
      headers['content-type'] = 'text/html;charset=utf-8';
    log.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      status: reply.status,
      at: clock.toISOString(),
    });
    res.writeHead(reply.status, { ...headers, 'content-length': String(Buffer.byteLength(payload)) });
    res.end(reply.status === 204 ? undefined : payload);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ message: String(error) }));
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  base = `http://${host}:${address.port}`;
  return {
    url: base,
    sample,
    requests: () => [...log],
    git: state.git,
    secrets: state.secrets,
    injectFault: (fault) => faults.push({ ...fault, left: fault.times }),
    clearFaults: () => faults.splice(0, faults.length),
    addRuns: (runs) => state.addRuns(runs),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
