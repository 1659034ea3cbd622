import type { components } from '@octokit/openapi-types';
import { createHash, randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import type { GitHubRequester, GitHubResponse } from './client-types.js';
import { isGitHubApiError, toGitHubApiError } from './errors.js';
import { collectPages } from './paginate.js';
import type { RepoRef } from './repo.js';
import type { GitHubId } from './schemas.js';

/** A run's artifact as "List workflow run artifacts" returns it (`digest` on upload-artifact v4+). */
export type Artifact = components['schemas']['artifact'];

interface ArtifactsPage {
  readonly total_count: number;
  readonly artifacts: Artifact[];
}

const LIST_ROUTE = 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts';
const ZIP_ROUTE = 'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/zip';
const DOWNLOAD_ROUTE = 'GET {artifact download URL}';

/** Every artifact of a run (all attempts), expired ones included: ceil(N/100) requests. */
export async function listRunArtifacts(client: GitHubRequester, repo: RepoRef, runId: GitHubId): Promise<Artifact[]> {
  return collectPages(async (page, perPage) => {
    const { data } = await client.request<ArtifactsPage>(LIST_ROUTE, {
      ...repo,
      run_id: String(runId),
      per_page: perPage,
      page,
    });
    return { items: data.artifacts, totalCount: data.total_count };
  });
}

export type ArtifactFailure = 'expired' | 'too_large' | 'digest_mismatch';

/** An artifact that was not written; no file (not even part of one) is left behind. */
export class ArtifactDownloadError extends Error {
  override readonly name = 'ArtifactDownloadError';
  constructor(
    readonly reason: ArtifactFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface DownloadArtifactOptions {
  /** Refuse (and delete) the download past this many bytes. Default: no cap. */
  readonly maxBytes?: number;
}

export interface DownloadedArtifact {
  readonly path: string;
  readonly bytes: number;
  /** SHA-256 of the zip as written, hex. */
  readonly sha256: string;
  /** Whether the API gave a digest to check it against (upload-artifact v4+). */
  readonly verified: boolean;
}

/**
 * Downloads an artifact's zip to `path`, verbatim. The API answers 302 to a short-lived storage
 * URL; as for job logs the redirect is taken by hand, so the token stays with the API, and the
 * body is streamed to `path`'s temp file (never held in memory) then renamed: `path` is either
 * the whole verified zip or absent. When the API gave a `digest`, a mismatch deletes the file
 * and throws; so does passing `maxBytes`, and a 410 (expired meanwhile).
 */
export async function downloadArtifact(
  client: GitHubRequester,
  repo: RepoRef,
  artifact: Pick<Artifact, 'id' | 'name'> & { readonly digest?: string | null | undefined },
  path: string,
  options: DownloadArtifactOptions = {},
): Promise<DownloadedArtifact> {
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  if (!(maxBytes >= 0)) throw new RangeError(`maxBytes must be ≥ 0, got ${String(maxBytes)}`);
  const expected = expectedSha256(artifact.digest);
  let answer: GitHubResponse<unknown>;
  try {
    answer = await client.request<unknown>(ZIP_ROUTE, {
      ...repo,
      artifact_id: String(artifact.id),
      request: { redirect: 'manual' },
    });
  } catch (error) {
    if (isGitHubApiError(error) && error.status === 410)
      throw new ArtifactDownloadError('expired', `artifact "${artifact.name}" has expired (410)`);
    throw error;
  }
  const location = answer.headers['location'];
  const chunks =
    answer.status >= 300 && answer.status < 400 && typeof location === 'string'
      ? await streamFrom(client, location, artifact.name)
      : // Some proxies follow the redirect themselves: the body is then the zip.
        (async function* () {
          yield answer.data instanceof ArrayBuffer ? new Uint8Array(answer.data) : new Uint8Array(0);
        })();

  const temp = `${path}.${randomUUID().slice(0, 8)}.tmp`;
  const hash = createHash('sha256');
  let bytes = 0;
  const file = await open(temp, 'w');
  let kept = false;
  try {
    for await (const chunk of chunks) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        await chunks.return?.(undefined);
        throw new ArtifactDownloadError(
          'too_large',
          `artifact "${artifact.name}" is larger than the ${maxBytes}-byte cap: not kept`,
        );
      }
      hash.update(chunk);
      await file.write(chunk);
    }
    await file.sync();
    await file.close();
    const sha256 = hash.digest('hex');
    if (expected !== null && expected !== sha256) {
      throw new ArtifactDownloadError(
        'digest_mismatch',
        `artifact "${artifact.name}": SHA-256 ${sha256} does not match the digest GitHub reported (${expected}): not kept`,
      );
    }
    await rename(temp, path);
    kept = true;
    return { path, bytes, sha256, verified: expected !== null };
  } finally {
    if (!kept) {
      await file.close().catch(() => undefined);
      await rm(temp, { force: true });
    }
  }
}

function expectedSha256(digest: string | null | undefined): string | null {
  if (digest === null || digest === undefined || digest === '') return null;
  const match = /^sha256:([0-9a-f]{64})$/i.exec(digest);
  // Another algorithm would be checked by nobody: say so rather than pass it as verified.
  if (!match?.[1]) throw new RangeError(`unsupported artifact digest ${JSON.stringify(digest)}`);
  return match[1].toLowerCase();
}

async function streamFrom(
  client: GitHubRequester,
  url: string,
  name: string,
): Promise<AsyncGenerator<Uint8Array, void, undefined>> {
  let response: Response;
  try {
    response = await client.fetch(url, { redirect: 'follow' });
  } catch (error) {
    throw toGitHubApiError(error, DOWNLOAD_ROUTE);
  }
  if (!response.ok) {
    await response.body?.cancel();
    if (response.status === 403 || response.status === 404 || response.status === 410)
      throw new ArtifactDownloadError('expired', `artifact "${name}": storage answered ${response.status}`);
    throw toGitHubApiError(
      {
        status: response.status,
        message: `artifact download answered ${response.status} ${response.statusText}`,
        response: { headers: {} },
      },
      DOWNLOAD_ROUTE,
    );
  }
  const body = response.body;
  return (async function* () {
    if (!body) return;
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
  })();
}

const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * An artifact's name (chosen by whoever wrote the workflow) as a safe file name, `.zip` added:
 * only letters, digits, `.`, `_` and `-`; no separators, no `..`, no leading dot, no device
 * names, at most 100 characters before `.zip`.
 */
export function artifactFileName(name: string): string {
  let safe = name
    .normalize('NFKC')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/\.{2,}/g, '_')
    .replace(/_{2,}/g, '_')
    .replace(/^[._-]+/, '')
    .slice(0, 100)
    .replace(/[.]+$/, '');
  if (safe === '' || /^_+$/.test(safe)) safe = 'artifact';
  if (RESERVED.test(safe)) safe = `_${safe}`;
  return `${safe}.zip`;
}
