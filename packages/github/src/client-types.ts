/** The one capability the API helpers need from a client: send a request to a route template. */
export type RequestParams = Readonly<Record<string, unknown>>;

export interface GitHubResponse<T> {
  readonly status: number;
  readonly data: T;
  readonly headers: Readonly<Record<string, string | number | undefined>>;
}

export interface GitHubRequester {
  /**
   * Sends `route` (e.g. `GET /repos/{owner}/{repo}/actions/runs`) with `params`; throws a
   * GitHubApiError on failure. `T` is the caller's claim about the body (an openapi-types schema).
   */
  request<T>(route: string, params?: RequestParams): Promise<GitHubResponse<T>>;
  /** Plain fetch for URLs outside the API (a log's short-lived redirect target): no token sent. */
  readonly fetch: typeof globalThis.fetch;
}

/** Requests sent to the API, retries included, overall and per route template. */
export interface RequestCounts {
  readonly total: number;
  readonly byRoute: Readonly<Record<string, number>>;
}

export interface GitHubLogger {
  debug(message: string): void;
  warn(message: string): void;
}
