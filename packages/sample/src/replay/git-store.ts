// The replayed repository's Git objects: blobs, flat trees (path → blob), commits and branch
// refs, with git's own sha-1 object ids, so the Git data API answers as GitHub does and a
// rollback can be proven by reading the branch back.
import { createHash } from 'node:crypto';

export interface TreeFile {
  readonly mode: string;
  readonly sha: string;
}

export interface StoredCommit {
  readonly sha: string;
  readonly tree: string;
  readonly parents: readonly string[];
  readonly message: string;
  readonly at: string;
}

/** One commit of the history a replay starts with: the whole file set after it. */
export interface SeedCommit {
  readonly message: string;
  readonly files: Readonly<Record<string, string>>;
  /** ISO time; default the replay's clock. */
  readonly at?: string;
}

export interface GitSeed {
  /** Default the repository's default branch. */
  readonly branch?: string;
  readonly commits: readonly SeedCommit[];
}

const AUTHOR = { name: 'OpsGuard replay', email: 'replay@opsguard.invalid' };

function objectId(kind: string, body: Buffer): string {
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`${kind} ${body.length}\0`), body]))
    .digest('hex');
}

export class ReplayGit {
  readonly blobs = new Map<string, Buffer>();
  readonly trees = new Map<string, ReadonlyMap<string, TreeFile>>();
  readonly commits = new Map<string, StoredCommit>();
  /** `heads/main` → commit sha. */
  readonly refs = new Map<string, string>();

  putBlob(content: Buffer): string {
    const sha = objectId('blob', content);
    this.blobs.set(sha, content);
    return sha;
  }

  putTree(files: ReadonlyMap<string, TreeFile>): string {
    const sorted = [...files.entries()].sort(([a], [b]) => a.localeCompare(b));
    const sha = objectId('tree', Buffer.from(sorted.map(([p, f]) => `${f.mode} ${p} ${f.sha}\n`).join('')));
    this.trees.set(sha, new Map(sorted));
    return sha;
  }

  putCommit(tree: string, parents: readonly string[], message: string, at: string): StoredCommit {
    const text = [`tree ${tree}`, ...parents.map((p) => `parent ${p}`), `author ${AUTHOR.name} ${at}`, '', message];
    const sha = objectId('commit', Buffer.from(text.join('\n')));
    const commit = { sha, tree, parents: [...parents], message, at };
    this.commits.set(sha, commit);
    return commit;
  }

  /** Whether `ancestor` is `sha` or reachable from it through parents. */
  reaches(sha: string, ancestor: string): boolean {
    const seen = new Set<string>();
    const queue = [sha];
    while (queue.length > 0) {
      const next = queue.pop() as string;
      if (next === ancestor) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(this.commits.get(next)?.parents ?? []));
    }
    return false;
  }

  /** The text of `path` at the head of `branch` (what the demo and tests read back). */
  fileAt(branch: string, path: string): string | undefined {
    const head = this.refs.get(`heads/${branch}`);
    const tree = head === undefined ? undefined : this.trees.get(this.commits.get(head)?.tree ?? '');
    const file = tree?.get(path);
    return file === undefined ? undefined : this.blobs.get(file.sha)?.toString('utf8');
  }

  /** The commits of `branch`, newest first, following first parents. */
  log(branch: string): StoredCommit[] {
    const out: StoredCommit[] = [];
    let sha = this.refs.get(`heads/${branch}`);
    while (sha !== undefined) {
      const commit = this.commits.get(sha);
      if (!commit) break;
      out.push(commit);
      sha = commit.parents[0];
    }
    return out;
  }

  static seeded(seed: GitSeed, defaultBranch: string, now: string): ReplayGit {
    const git = new ReplayGit();
    const branch = seed.branch ?? defaultBranch;
    let parent: string | undefined;
    for (const commit of seed.commits) {
      const files = new Map<string, TreeFile>();
      for (const [path, text] of Object.entries(commit.files)) {
        files.set(path, { mode: '100644', sha: git.putBlob(Buffer.from(text, 'utf8')) });
      }
      const stored = git.putCommit(
        git.putTree(files),
        parent === undefined ? [] : [parent],
        commit.message,
        commit.at ?? now,
      );
      parent = stored.sha;
    }
    if (parent !== undefined) git.refs.set(`heads/${branch}`, parent);
    return git;
  }
}

export const REPLAY_GIT_AUTHOR = AUTHOR;
