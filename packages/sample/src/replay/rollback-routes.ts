// The endpoints a rollback reads and writes, in the replay: Git data, Actions secrets and the
// variables list, in GitHub's shapes and status codes:
// refs, commits, trees and blobs (a non-forced ref update refuses anything but a fast forward),
// and secrets of the repository and its environments (names only; a token without the
// permission gets GitHub's 403).
import type { Reply, RouteContext } from './routes.js';
import { REPLAY_GIT_AUTHOR, type StoredCommit, type TreeFile } from './git-store.js';
import { REPLAY_PUBLIC_KEY, REPOSITORY_SCOPE } from './secret-store.js';

const DOCS = 'https://docs.github.com/rest';
const API = 'https://api.github.com';

interface GitRoute {
  readonly method: string;
  readonly pattern: RegExp;
  readonly handler: (ctx: RouteContext) => Reply;
}

function fail(status: number, message: string, doc: string): Reply {
  return { status, json: { message, documentation_url: `${DOCS}/${doc}`, status: String(status) } };
}

function missing(): Reply {
  return { status: 404, json: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

function repoApi(ctx: RouteContext): string {
  return `${API}/repos/${ctx.state.owner}/${ctx.state.name}`;
}

function param(ctx: RouteContext, i = 0): string {
  return decodeURIComponent(ctx.params[i] ?? '');
}

function refBody(ctx: RouteContext, ref: string, sha: string): unknown {
  return {
    ref: `refs/${ref}`,
    node_id: `REF_${Buffer.from(ref).toString('base64url')}`,
    url: `${repoApi(ctx)}/git/refs/${ref}`,
    object: { type: 'commit', sha, url: `${repoApi(ctx)}/git/commits/${sha}` },
  };
}

function commitBody(ctx: RouteContext, commit: StoredCommit): unknown {
  const person = { ...REPLAY_GIT_AUTHOR, date: commit.at };
  return {
    sha: commit.sha,
    node_id: `C_${commit.sha.slice(0, 16)}`,
    url: `${repoApi(ctx)}/git/commits/${commit.sha}`,
    html_url: `${ctx.state.repository.html_url}/commit/${commit.sha}`,
    author: person,
    committer: person,
    message: commit.message,
    tree: { sha: commit.tree, url: `${repoApi(ctx)}/git/trees/${commit.tree}` },
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${repoApi(ctx)}/git/commits/${sha}`,
      html_url: `${ctx.state.repository.html_url}/commit/${sha}`,
    })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

function treeBody(ctx: RouteContext, sha: string, files: ReadonlyMap<string, TreeFile>, recursive: boolean): unknown {
  const entries: unknown[] = [];
  const dirs = new Set<string>();
  for (const [path, file] of files) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i += 1) dirs.add(parts.slice(0, i).join('/'));
    if (!recursive && parts.length > 1) continue;
    const size = ctx.state.git.blobs.get(file.sha)?.length ?? 0;
    entries.push({
      path,
      mode: file.mode,
      type: 'blob',
      sha: file.sha,
      size,
      url: `${repoApi(ctx)}/git/blobs/${file.sha}`,
    });
  }
  for (const dir of dirs) {
    if (!recursive && dir.includes('/')) continue;
    // A directory's own id is not needed by any caller here; derived so it stays stable.
    const dirSha = Buffer.from(`${sha}:${dir}`).toString('hex').slice(0, 40).padEnd(40, '0');
    entries.push({ path: dir, mode: '040000', type: 'tree', sha: dirSha, url: `${repoApi(ctx)}/git/trees/${dirSha}` });
  }
  entries.sort((a, b) => String((a as { path: string }).path).localeCompare(String((b as { path: string }).path)));
  return { sha, url: `${repoApi(ctx)}/git/trees/${sha}`, tree: entries, truncated: false };
}

function getRef(ctx: RouteContext): Reply {
  const ref = param(ctx);
  const sha = ctx.state.git.refs.get(ref);
  return sha === undefined ? missing() : { status: 200, json: refBody(ctx, ref, sha) };
}

function createBlob(ctx: RouteContext): Reply {
  const content = field(ctx.body, 'content');
  const encoding = field(ctx.body, 'encoding') ?? 'utf-8';
  if (typeof content !== 'string')
    return fail(422, 'Invalid request.\n\n"content" wasn\'t supplied.', 'git/blobs#create-a-blob');
  if (encoding !== 'utf-8' && encoding !== 'base64')
    return fail(422, `encoding must be one of utf-8, base64; got ${String(encoding)}`, 'git/blobs#create-a-blob');
  const sha = ctx.state.git.putBlob(Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8'));
  return { status: 201, json: { url: `${repoApi(ctx)}/git/blobs/${sha}`, sha } };
}

function createTree(ctx: RouteContext): Reply {
  const git = ctx.state.git;
  const baseSha = field(ctx.body, 'base_tree');
  const changes = field(ctx.body, 'tree');
  if (!Array.isArray(changes))
    return fail(422, 'Invalid request.\n\n"tree" wasn\'t supplied.', 'git/trees#create-a-tree');
  const base = typeof baseSha === 'string' ? git.trees.get(baseSha) : new Map<string, TreeFile>();
  if (!base) return fail(422, 'Invalid tree info', 'git/trees#create-a-tree');
  const files = new Map(base);
  for (const change of changes as unknown[]) {
    const path = field(change, 'path');
    const mode = field(change, 'mode');
    const sha = field(change, 'sha');
    const content = field(change, 'content');
    if (typeof path !== 'string' || typeof mode !== 'string')
      return fail(422, 'Invalid tree info', 'git/trees#create-a-tree');
    if (sha === null) files.delete(path);
    else if (typeof sha === 'string') {
      if (!git.blobs.has(sha))
        return fail(422, `GitRPC::BadObjectState: ${sha} is not a blob`, 'git/trees#create-a-tree');
      files.set(path, { mode, sha });
    } else if (typeof content === 'string') files.set(path, { mode, sha: git.putBlob(Buffer.from(content, 'utf8')) });
    else return fail(422, 'Invalid tree info', 'git/trees#create-a-tree');
  }
  const sha = git.putTree(files);
  return { status: 201, json: treeBody(ctx, sha, files, false) };
}

function createCommit(ctx: RouteContext): Reply {
  const git = ctx.state.git;
  const message = field(ctx.body, 'message');
  const tree = field(ctx.body, 'tree');
  const parents = field(ctx.body, 'parents') ?? [];
  if (typeof message !== 'string' || typeof tree !== 'string' || !Array.isArray(parents))
    return fail(422, 'Invalid request.\n\n"message" and "tree" are required.', 'git/commits#create-a-commit');
  if (!git.trees.has(tree)) return fail(422, 'Tree SHA does not exist', 'git/commits#create-a-commit');
  if (!parents.every((p) => typeof p === 'string' && git.commits.has(p)))
    return fail(422, 'Parent SHA does not exist or is not a commit object', 'git/commits#create-a-commit');
  const commit = git.putCommit(tree, parents as string[], message, ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  return {
    status: 201,
    json: commitBody(ctx, commit),
    headers: { location: `${repoApi(ctx)}/git/commits/${commit.sha}` },
  };
}

function updateRef(ctx: RouteContext): Reply {
  const git = ctx.state.git;
  const ref = param(ctx);
  const current = git.refs.get(ref);
  const sha = field(ctx.body, 'sha');
  if (current === undefined) return fail(422, 'Reference does not exist', 'git/refs#update-a-reference');
  if (typeof sha !== 'string' || !git.commits.has(sha))
    return fail(422, 'Object does not exist', 'git/refs#update-a-reference');
  if (field(ctx.body, 'force') !== true && !git.reaches(sha, current))
    return fail(422, 'Update is not a fast forward', 'git/refs#update-a-reference');
  git.refs.set(ref, sha);
  return { status: 200, json: refBody(ctx, ref, sha) };
}

/** The secrets scope a path names ('' for the repository), or undefined for an unknown environment. */
function secretScope(ctx: RouteContext, environment: boolean): string | undefined {
  const scope = environment ? param(ctx) : REPOSITORY_SCOPE;
  return ctx.state.secrets.hasScope(scope) ? scope : undefined;
}

function secretsRoutes(prefix: string, environment: boolean): GitRoute[] {
  const nameAt = environment ? 1 : 0;
  const denied = (ctx: RouteContext): Reply | undefined =>
    ctx.state.secretsDenied(ctx.token)
      ? fail(403, 'Resource not accessible by integration', 'actions/secrets')
      : undefined;
  const within = (handler: (ctx: RouteContext, scope: string) => Reply) => (ctx: RouteContext) => {
    const refused = denied(ctx);
    if (refused) return refused;
    const scope = secretScope(ctx, environment);
    return scope === undefined ? missing() : handler(ctx, scope);
  };
  return [
    {
      method: 'GET',
      pattern: new RegExp(`^${prefix}/secrets/public-key$`),
      handler: within(() => ({ status: 200, json: REPLAY_PUBLIC_KEY })),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${prefix}/secrets$`),
      handler: within((ctx, scope) => {
        const secrets = ctx.state.secrets.list(scope);
        return { status: 200, json: { total_count: secrets.length, secrets } };
      }),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${prefix}/secrets/([^/]+)$`),
      handler: within((ctx, scope) => {
        const secret = ctx.state.secrets.get(scope, param(ctx, nameAt));
        return secret ? { status: 200, json: secret } : missing();
      }),
    },
    {
      method: 'DELETE',
      pattern: new RegExp(`^${prefix}/secrets/([^/]+)$`),
      handler: within((ctx, scope) =>
        ctx.state.secrets.delete(scope, param(ctx, nameAt)) ? { status: 204 } : missing(),
      ),
    },
  ];
}

export const ROLLBACK_ROUTES: readonly GitRoute[] = [
  {
    method: 'GET',
    pattern: /^\/actions\/variables$/,
    handler: (ctx) => {
      const all = [...ctx.state.variables.values()].sort((a, b) => a.name.localeCompare(b.name));
      const perPage = Math.min(30, Number(ctx.url.searchParams.get('per_page') ?? 10) || 10);
      const page = Math.max(1, Number(ctx.url.searchParams.get('page') ?? 1) || 1);
      return {
        status: 200,
        json: { total_count: all.length, variables: all.slice((page - 1) * perPage, page * perPage) },
      };
    },
  },
  { method: 'GET', pattern: /^\/git\/ref\/(.+)$/, handler: getRef },
  {
    method: 'GET',
    pattern: /^\/git\/commits\/([0-9a-f]{40})$/,
    handler: (ctx) => {
      const commit = ctx.state.git.commits.get(param(ctx));
      return commit ? { status: 200, json: commitBody(ctx, commit) } : missing();
    },
  },
  {
    method: 'GET',
    pattern: /^\/git\/trees\/([0-9a-f]{40})$/,
    handler: (ctx) => {
      const sha = param(ctx);
      const files = ctx.state.git.trees.get(sha);
      const recursive = (ctx.url.searchParams.get('recursive') ?? '') !== '';
      return files ? { status: 200, json: treeBody(ctx, sha, files, recursive) } : missing();
    },
  },
  {
    method: 'GET',
    pattern: /^\/git\/blobs\/([0-9a-f]{40})$/,
    handler: (ctx) => {
      const sha = param(ctx);
      const blob = ctx.state.git.blobs.get(sha);
      if (!blob) return missing();
      const content = (blob.toString('base64').match(/.{1,60}/g) ?? []).join('\n');
      return {
        status: 200,
        json: {
          sha,
          node_id: `B_${sha.slice(0, 16)}`,
          size: blob.length,
          url: `${repoApi(ctx)}/git/blobs/${sha}`,
          content: `${content}\n`,
          encoding: 'base64',
        },
      };
    },
  },
  { method: 'POST', pattern: /^\/git\/blobs$/, handler: createBlob },
  { method: 'POST', pattern: /^\/git\/trees$/, handler: createTree },
  { method: 'POST', pattern: /^\/git\/commits$/, handler: createCommit },
  { method: 'PATCH', pattern: /^\/git\/refs\/(.+)$/, handler: updateRef },
  ...secretsRoutes('/actions', false),
  ...secretsRoutes('/environments/([^/]+)', true),
];
