import { describe, expect, it } from '@jest/globals';
import { classifyFailure, statusFromMessage, type HttpFailureClass } from '../../src/index.js';

const facts = (status: number | null, message: string, cause = 'unknown', transient = false) => ({
  status,
  message,
  cause,
  transient,
});

describe('classification by HTTP status, judged with the message', () => {
  const cases: [string, number | null, string, string, HttpFailureClass, boolean][] = [
    ['403 without access', 403, 'Resource not accessible by integration', 'permission_403', 'permission_403', false],
    ['403 rate limit', 403, 'API rate limit exceeded for installation ID 42', 'rate_limit', 'rate_limit_403', true],
    ['403 secondary limit', 403, 'You have exceeded a secondary rate limit', 'rate_limit', 'rate_limit_403', true],
    ['403 plain', 403, 'Forbidden', 'permission_403', 'permission_403', false],
    ['401', 401, 'Bad credentials', 'auth_failed', 'auth_401', false],
    ['404', 404, 'Not Found', 'not_found_404', 'not_found_404', false],
    ['409', 409, 'Conflict: the ref changed', 'unknown', 'conflict_409', false],
    [
      '422 no dispatch',
      422,
      "Workflow does not have 'workflow_dispatch' trigger",
      'validation_422',
      'configuration_422',
      false,
    ],
    ['429', 429, 'Too Many Requests', 'rate_limit', 'rate_limit_429', true],
    ['500', 500, 'Internal Server Error', 'github_5xx', 'server_5xx', true],
    ['502', 502, 'Bad Gateway', 'github_5xx', 'server_5xx', true],
    ['503', 503, 'Service Unavailable', 'github_5xx', 'server_5xx', true],
  ];
  it.each(cases)('%s', (_name, status, message, cause, expected, retryable) => {
    const verdict = classifyFailure(facts(status, message, cause, retryable));
    expect(verdict.http).toEqual({ status, class: expected, source: 'status', retryable });
    expect(verdict.classes).toContain(`http:${expected}`);
  });

  it('a 403 that names a missing permission is permission even when the message also says rate limit', () => {
    expect(
      classifyFailure(facts(403, 'Resource not accessible by integration (rate limit: 0 remaining)')).http?.class,
    ).toBe('permission_403');
  });

  it('reads the status from a log line when the failure carries none', () => {
    expect(statusFromMessage('Error: HttpError: Resource not accessible by integration')).toBe(403);
    expect(statusFromMessage('npm ERR! 404 Not Found - GET https://registry.npmjs.org/nope')).toBe(404);
    expect(statusFromMessage('Error: Request failed with status code 502')).toBe(502);
    expect(statusFromMessage("HttpError: Workflow does not have 'workflow_dispatch' trigger")).toBe(422);
    expect(statusFromMessage('gh: 503 Service Unavailable')).toBe(503);
    expect(statusFromMessage('FAIL src/cart.test.ts (expected 3, received 2)')).toBeNull();
    const fromLog = classifyFailure(facts(null, 'remote: Permission to o/r.git denied to bot', 'permission_403'));
    expect(fromLog.http).toEqual({ status: 403, class: 'permission_403', source: 'message', retryable: false });
  });

  it('network failures and missing secrets carry no status', () => {
    expect(classifyFailure(facts(null, 'read ECONNRESET', 'network', true)).http).toEqual({
      status: null,
      class: 'network',
      source: 'message',
      retryable: true,
    });
    expect(classifyFailure(facts(null, 'Input required and not supplied: token', 'missing_secret')).http).toEqual({
      status: null,
      class: 'missing_secret',
      source: 'message',
      retryable: false,
    });
  });

  it('a test failure has no HTTP class', () => {
    expect(classifyFailure(facts(null, 'FAIL src/cart.test.ts', 'test_failure')).http).toBeNull();
  });
});

describe('classification by cause (the retry engine taxonomy)', () => {
  const families: [string, boolean, string][] = [
    ['invalid_workflow', false, 'configuration'],
    ['missing_secret', false, 'configuration'],
    ['permission_403', false, 'permission'],
    ['auth_failed', false, 'authentication'],
    ['not_found_404', false, 'resource'],
    ['test_failure', false, 'code'],
    ['oom', false, 'capacity'],
    ['job_timeout', false, 'timeout'],
    ['runner_lost', true, 'infrastructure'],
    ['github_5xx', true, 'infrastructure'],
    ['rate_limit', true, 'rate_limit'],
    ['network', true, 'network'],
    ['cancelled', false, 'cancelled'],
    ['my_own_cause', true, 'other'],
  ];
  it.each(families)('%s', (cause, transient, family) => {
    const verdict = classifyFailure(facts(null, 'x', cause, transient));
    expect(verdict.cause).toEqual({ name: cause, transient, family });
    expect(verdict.classes).toEqual(expect.arrayContaining([`cause:${cause}`, `family:${family}`]));
  });

  it('unknown is never transient, whatever the policy says', () => {
    expect(classifyFailure(facts(null, 'x', 'unknown', true)).cause.transient).toBe(false);
  });
});
