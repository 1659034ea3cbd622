import type { Octokit } from '@octokit/core';
import { mayResendBlindly } from './idempotency.js';
import { routeKey } from './request-counter.js';

/**
 * Octokit hands over a JSON answer it could not parse (cut off by a proxy or a dropped
 * connection) as a plain string, and callers would read fields of it as undefined: a run with no
 * status, no decision, exit 0. This hook, innermost, asks again (idempotent requests only, up to
 * `retries` times) and then fails with a `malformed` error that says what was wrong.
 */
export class MalformedResponseError extends Error {
  override readonly name = 'MalformedResponseError';
  readonly status: number;
  readonly response: {
    readonly status: number;
    readonly headers: Readonly<Record<string, unknown>>;
    readonly url: string;
  };
  readonly request: { readonly method: string };

  constructor(method: string, url: string, status: number, headers: Readonly<Record<string, unknown>>) {
    super(`the API answered malformed JSON for ${routeKey(method, url)}`);
    this.status = status;
    this.response = { status, headers, url };
    this.request = { method };
  }
}

export function isMalformedResponseError(value: unknown): value is MalformedResponseError {
  return value instanceof Error && value.name === 'MalformedResponseError';
}

const JSON_TYPE = /\bjson\b/i;

export function malformedResponsePlugin(retries: number) {
  return (octokit: Octokit): void => {
    octokit.hook.wrap('request', async (request, options) => {
      const tries = mayResendBlindly(options.method) ? retries + 1 : 1;
      for (let attempt = 1; ; attempt++) {
        const response = await request(options);
        const type = String(response.headers['content-type'] ?? '');
        // 204 and redirects carry no body; a string under a JSON content type failed to parse.
        if (!JSON_TYPE.test(type) || typeof response.data !== 'string' || response.status === 204) return response;
        if (attempt >= tries)
          throw new MalformedResponseError(options.method, options.url, response.status, response.headers);
      }
    });
  };
}
