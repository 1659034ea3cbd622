import type { GitHubRequester, GitHubResponse } from './client-types.js';
import { isGitHubApiError, toGitHubApiError } from './errors.js';
import type { RepoRef } from './repo.js';
import type { GitHubId } from './schemas.js';

export interface JobLogs {
  /** The log text; when truncated, its last `maxBytes` bytes starting at a whole line. */
  readonly text: string;
  readonly truncated: boolean;
  /** Size of the whole log as downloaded. */
  readonly totalBytes: number;
  /**
   * Set when there is no log to read (text is then empty): `expired` — GitHub answered 410 (past
   * the retention period) or the storage link was refused (403/404/410); `not_found` — 404 from
   * the API (no such job, or its logs were deleted).
   */
  readonly unavailable?: LogsUnavailable;
}

export interface LogsUnavailable {
  readonly status: number;
  readonly reason: 'expired' | 'not_found';
}

export interface DownloadLogsOptions {
  /** Keep at most this many bytes, from the end (where failures are). Default 4 MiB. */
  readonly maxBytes?: number;
}

const LOGS_ROUTE = 'GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs';
const DOWNLOAD_ROUTE = 'GET {job log download URL}';
export const DEFAULT_LOG_MAX_BYTES = 4 * 1024 * 1024;

/**
 * The API answers 302 to a storage URL that expires within a minute. The redirect is taken by
 * hand: the token stays with the API, and the body is streamed so a huge log costs `maxBytes` of
 * memory, not its size.
 */
export async function downloadJobLogs(
  client: GitHubRequester,
  repo: RepoRef,
  jobId: GitHubId,
  options: DownloadLogsOptions = {},
): Promise<JobLogs> {
  const maxBytes = options.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
  if (!Number.isInteger(maxBytes) || maxBytes < 1)
    throw new RangeError(`maxBytes must be a whole number ≥ 1, got ${String(maxBytes)}`);
  let answer: GitHubResponse<unknown>;
  try {
    answer = await client.request<unknown>(LOGS_ROUTE, {
      ...repo,
      job_id: String(jobId),
      request: { redirect: 'manual' },
    });
  } catch (error) {
    // Missing logs are an answer, not a failure: diagnosis goes on without them.
    if (isGitHubApiError(error) && error.status === 410) return unavailable(410, 'expired');
    if (isGitHubApiError(error) && error.status === 404) return unavailable(404, 'not_found');
    throw error;
  }
  const location = answer.headers['location'];
  if (answer.status >= 300 && answer.status < 400 && typeof location === 'string') {
    return fetchTail(client, location, maxBytes);
  }
  // Some proxies follow the redirect themselves: the body is then the log.
  const bytes =
    typeof answer.data === 'string'
      ? new TextEncoder().encode(answer.data)
      : new Uint8Array(answer.data instanceof ArrayBuffer ? answer.data : new ArrayBuffer(0));
  return decodeTail(bytes.subarray(Math.max(0, bytes.length - maxBytes)), bytes.length, maxBytes);
}

async function fetchTail(client: GitHubRequester, url: string, maxBytes: number): Promise<JobLogs> {
  let response: Response;
  try {
    response = await client.fetch(url, { redirect: 'follow' });
  } catch (error) {
    throw toGitHubApiError(error, DOWNLOAD_ROUTE);
  }
  if (!response.ok) {
    await response.body?.cancel();
    // The storage link lives about a minute; a refused or missing blob means the log is gone.
    if (response.status === 403 || response.status === 404 || response.status === 410)
      return unavailable(response.status, 'expired');
    throw toGitHubApiError(
      {
        status: response.status,
        message: `log download answered ${response.status} ${response.statusText}`,
        response: { headers: {} },
      },
      DOWNLOAD_ROUTE,
    );
  }
  const tail = new TailBuffer(maxBytes);
  if (response.body) {
    for await (const chunk of response.body) tail.push(chunk);
  }
  return decodeTail(tail.bytes(), tail.total, maxBytes);
}

function unavailable(status: number, reason: LogsUnavailable['reason']): JobLogs {
  return { text: '', truncated: false, totalBytes: 0, unavailable: { status, reason } };
}

/** Keeps the last `limit` bytes of a stream, holding whole chunks until they fall out of range. */
export class TailBuffer {
  readonly #chunks: Uint8Array[] = [];
  #kept = 0;
  total = 0;

  constructor(private readonly limit: number) {}

  /** Bytes held right now: at most `limit` plus one chunk. */
  get keptBytes(): number {
    return this.#kept;
  }

  push(chunk: Uint8Array): void {
    this.total += chunk.length;
    this.#chunks.push(chunk);
    this.#kept += chunk.length;
    while (this.#chunks.length > 1 && this.#kept - (this.#chunks[0]?.length ?? 0) >= this.limit) {
      this.#kept -= this.#chunks.shift()?.length ?? 0;
    }
  }

  bytes(): Uint8Array {
    const all = new Uint8Array(this.#kept);
    let offset = 0;
    for (const chunk of this.#chunks) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    return all.subarray(Math.max(0, all.length - this.limit));
  }
}

function decodeTail(bytes: Uint8Array, totalBytes: number, maxBytes: number): JobLogs {
  const truncated = totalBytes > maxBytes;
  let text = new TextDecoder().decode(truncated ? skipContinuationBytes(bytes) : bytes);
  if (truncated) {
    // Start at a whole line, so a reader (and the diagnosis rules) never see half a line.
    const newline = text.indexOf('\n');
    if (newline >= 0 && newline < text.length - 1) text = text.slice(newline + 1);
  }
  return { text, truncated, totalBytes };
}

/** A cut can land inside a UTF-8 character: drop its trailing bytes rather than print U+FFFD. */
function skipContinuationBytes(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length && start < 4 && ((bytes[start] ?? 0) & 0xc0) === 0x80) start += 1;
  return bytes.subarray(start);
}
