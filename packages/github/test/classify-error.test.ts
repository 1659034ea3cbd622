import { describe, expect, test } from '@jest/globals';
import {
  cannotBeRetried,
  classifyGitHubError,
  GitHubApiError,
  isAlreadyRunning,
  isMissingPermission,
  isRetryableKind,
  toGitHubApiError,
} from '../src/index.js';

const NOW = Date.parse('2026-11-02T03:00:00Z');

/** The shape of Octokit's RequestError (`response` only when GitHub answered). */
type RequestError = Error & {
  status: number;
  request: { method: string; url: string };
  response?: { status: number; headers: Record<string, string> };
};

function answered(status: number, message: string, headers: Record<string, string> = {}, method = 'GET'): RequestError {
  const url = 'https://api.github.com/repos/o/r/actions/runs';
  return Object.assign(new Error(message), {
    name: 'HttpError',
    status,
    request: { method, url },
    response: { status, headers },
  });
}

function unanswered(method = 'GET'): RequestError {
  return Object.assign(new Error('socket hang up'), {
    name: 'HttpError',
    status: 500,
    request: { method, url: 'https://api.github.com/x' },
  });
}

describe('classifyGitHubError', () => {
  test.each([
    [401, 'Bad credentials', 'auth'],
    [404, 'Not Found', 'not_found'],
    [410, 'Gone', 'not_found'],
    [400, 'Problems parsing JSON', 'validation'],
    [422, 'Validation Failed', 'validation'],
    [409, 'Conflict', 'conflict'],
    [500, 'Server Error', 'transient'],
    [503, 'Service Unavailable', 'transient'],
    [408, 'Request Timeout', 'transient'],
    [418, "I'm a teapot", 'fatal'],
  ] as const)('%i %s → %s', (status, message, kind) => {
    expect(classifyGitHubError(answered(status, message)).kind).toBe(kind);
  });

  test('primary limit: x-ratelimit-remaining 0 → wait until reset + 1 s', () => {
    const error = answered(403, 'API rate limit exceeded for installation ID 1.', {
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(NOW / 1000 + 100),
    });
    expect(classifyGitHubError(error, { nowMs: NOW })).toEqual({
      kind: 'rate_limit',
      status: 403,
      resetAtMs: NOW + 100_000,
      retryAfterMs: 101_000,
    });
  });

  test('primary limit recognised by message alone; a reset in the past means no wait', () => {
    const error = answered(403, 'API rate limit exceeded for user ID 1.', {
      'x-ratelimit-reset': String(NOW / 1000 - 5),
    });
    expect(classifyGitHubError(error, { nowMs: NOW })).toMatchObject({ kind: 'rate_limit', retryAfterMs: 0 });
  });

  test('secondary limit: retry-after in seconds or as an HTTP date', () => {
    const message = 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';
    expect(classifyGitHubError(answered(403, message, { 'retry-after': '30' })).retryAfterMs).toBe(30_000);
    const date = new Date(NOW + 45_000).toUTCString();
    expect(classifyGitHubError(answered(429, message, { 'retry-after': date }), { nowMs: NOW }).retryAfterMs).toBe(
      45_000,
    );
    expect(classifyGitHubError(answered(403, message)).retryAfterMs).toBe(60_000);
  });

  test('a 403 is judged by its message before its headers', () => {
    const headers = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 100), 'retry-after': '5' };
    expect(
      classifyGitHubError(answered(403, 'Resource not accessible by integration', headers), { nowMs: NOW }).kind,
    ).toBe('permission');
    expect(classifyGitHubError(answered(403, 'Resource not accessible by personal access token')).kind).toBe(
      'permission',
    );
    expect(classifyGitHubError(answered(403, 'Must have admin rights to Repository.')).kind).toBe('permission');
    // A bare 403 with no rate-limit sign is a refusal, not a limit.
    expect(classifyGitHubError(answered(403, 'Forbidden')).kind).toBe('permission');
  });

  test('no response: transient without a status; a write may have been acted on', () => {
    expect(classifyGitHubError(unanswered())).toEqual({ kind: 'transient', status: 500 });
    expect(classifyGitHubError(unanswered('POST'))).toEqual({ kind: 'transient', status: 500, mayHaveActed: true });
    expect(classifyGitHubError(answered(502, 'Bad Gateway', {}, 'PATCH')).mayHaveActed).toBe(true);
    expect(classifyGitHubError(answered(502, 'Bad Gateway', {}, 'PUT')).mayHaveActed).toBeUndefined();
    // A refusal (rate limit, 4xx) means GitHub did nothing.
    expect(classifyGitHubError(answered(429, 'Too Many Requests', {}, 'POST')).mayHaveActed).toBeUndefined();
  });

  test('plain network errors and other values', () => {
    expect(classifyGitHubError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })).kind).toBe(
      'transient',
    );
    expect(classifyGitHubError(new TypeError('fetch failed')).kind).toBe('transient');
    expect(classifyGitHubError(new Error('bug')).kind).toBe('fatal');
    expect(classifyGitHubError('string').kind).toBe('fatal');
  });

  test('a GitHubApiError keeps its classification', () => {
    const error = toGitHubApiError(
      answered(403, 'You have exceeded a secondary rate limit', { 'retry-after': '9' }, 'POST'),
      'POST /repos/{owner}/{repo}/issues',
    );
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(classifyGitHubError(error)).toEqual({ kind: 'rate_limit', status: 403, retryAfterMs: 9000 });
    expect(isRetryableKind(classifyGitHubError(error).kind)).toBe(true);
    expect(toGitHubApiError(error, 'other')).toBe(error);
  });

  test('a GitHubApiError never carries a token', () => {
    const error = toGitHubApiError(
      new Error('proxy said: Authorization token ghs_abcdefghijklmnopqrstuvwxyz0123 rejected'),
      'GET /x',
    );
    expect(error.message).not.toMatch(/ghs_/);
    expect(JSON.stringify(error)).not.toMatch(/ghs_/);
  });
});

describe('re-run refusals', () => {
  test('isAlreadyRunning / cannotBeRetried / isMissingPermission read both Octokit and typed errors', () => {
    const running = answered(403, 'This workflow is already running', {}, 'POST');
    const old = answered(403, 'Unable to retry this workflow run because it was created over a month ago', {}, 'POST');
    const denied = answered(403, 'Resource not accessible by integration', {}, 'POST');
    for (const wrap of [
      (e: RequestError) => e,
      (e: RequestError) => toGitHubApiError(e, 'POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun'),
    ]) {
      expect([
        isAlreadyRunning(wrap(running)),
        cannotBeRetried(wrap(running)),
        isMissingPermission(wrap(running)),
      ]).toEqual([true, false, false]);
      expect([isAlreadyRunning(wrap(old)), cannotBeRetried(wrap(old)), isMissingPermission(wrap(old))]).toEqual([
        false,
        true,
        false,
      ]);
      expect([
        isAlreadyRunning(wrap(denied)),
        cannotBeRetried(wrap(denied)),
        isMissingPermission(wrap(denied)),
      ]).toEqual([false, false, true]);
    }
  });
});
