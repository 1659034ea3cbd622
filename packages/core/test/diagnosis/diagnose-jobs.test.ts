import { describe, expect, it } from '@jest/globals';
import { diagnoseJobs, type DiagnosisJob } from '../../src/index.js';
import { bundled } from './policy-fixture.js';

const policy = bundled();

function aJob(overrides: Partial<DiagnosisJob> & { readonly annotation?: string } = {}): DiagnosisJob {
  const { annotation, ...rest } = overrides;
  return {
    name: 'build',
    conclusion: 'failure',
    steps: [
      { name: 'Set up job', conclusion: 'success' },
      { name: 'Run tests', conclusion: 'failure' },
    ],
    annotations:
      annotation === undefined
        ? [{ message: 'Process completed with exit code 1.', title: null, annotationLevel: 'failure' }]
        : [{ message: annotation, annotationLevel: 'failure' }],
    logTail: null,
    ...rest,
  };
}

describe('diagnoseJobs', () => {
  it('decides from annotations alone, without logs, when they name a cause', () => {
    const result = diagnoseJobs(policy, [
      aJob({
        annotation: 'The runner has received a shutdown signal. This can happen when the runner service is stopped.',
      }),
    ]);
    expect(result).toMatchObject({ cause: 'runner_shutdown', transient: true, needsLogs: false });
    expect(result.evidence).toEqual([
      'The runner has received a shutdown signal. This can happen when the runner service is stopped.',
    ]);
    expect(
      diagnoseJobs(policy, [aJob({ annotation: 'The self-hosted runner: r1 lost communication with the server.' })]),
    ).toMatchObject({ cause: 'runner_lost', transient: true, needsLogs: false });
  });

  it('reads the annotation title too', () => {
    const job = aJob({ annotations: [{ title: 'Resource not accessible by integration', message: 'see the docs' }] });
    expect(diagnoseJobs(policy, [job])).toMatchObject({ cause: 'permission_403', transient: false, needsLogs: false });
  });

  it('a warning annotation never makes a failure transient, but a deterministic warning counts', () => {
    const cacheWarning = aJob({
      annotations: [
        { message: 'Failed to restore: Cache service responded with 503', annotationLevel: 'warning' },
        { message: 'Process completed with exit code 1.', annotationLevel: 'failure' },
      ],
    });
    expect(diagnoseJobs(policy, [cacheWarning])).toMatchObject({ cause: 'unknown', transient: false, needsLogs: true });
    const diskWarning = aJob({
      annotations: [
        {
          message:
            'You are running out of disk space. The runner will stop working when the machine runs out of disk space.',
          annotationLevel: 'warning',
        },
        { message: 'Process completed with exit code 1.', annotationLevel: 'failure' },
      ],
    });
    expect(diagnoseJobs(policy, [diskWarning])).toMatchObject({
      cause: 'disk_full',
      transient: false,
      needsLogs: false,
    });
  });

  it('uses job facts: timed out → job_timeout, cancelled → cancelled, neither transient', () => {
    expect(diagnoseJobs(policy, [aJob({ conclusion: 'timed_out' })])).toMatchObject({
      cause: 'job_timeout',
      transient: false,
      needsLogs: false,
    });
    expect(
      diagnoseJobs(policy, [aJob({ conclusion: 'cancelled', annotation: 'The operation was canceled.' })]),
    ).toMatchObject({ cause: 'cancelled', transient: false, needsLogs: false });
  });

  it('a runner loss explains a cancelled job', () => {
    const job = aJob({
      conclusion: 'cancelled',
      annotation: 'The hosted runner: GitHub Actions 7 lost communication with the server.',
    });
    expect(diagnoseJobs(policy, [job])).toMatchObject({ cause: 'runner_lost', transient: true });
  });

  it('asks for logs only when annotations and facts are inconclusive and no log was given', () => {
    expect(diagnoseJobs(policy, [aJob()])).toEqual({
      cause: 'unknown',
      transient: false,
      evidence: [],
      needsLogs: true,
    });
    const withLog = aJob({ logTail: 'npm ERR! code ECONNRESET\nnpm ERR! network aborted' });
    expect(diagnoseJobs(policy, [withLog])).toMatchObject({
      cause: 'network',
      transient: true,
      needsLogs: false,
      evidence: ['npm ERR! code ECONNRESET', 'npm ERR! network aborted'],
    });
    const stillUnknown = aJob({ logTail: 'make: *** [all] Error 2' });
    expect(diagnoseJobs(policy, [stillUnknown])).toEqual({
      cause: 'unknown',
      transient: false,
      evidence: [],
      needsLogs: false,
    });
  });

  it('a deterministic line in the log outweighs a transient annotation once logs are read', () => {
    const job = aJob({
      annotation: 'Cache service responded with 503',
      logTail: 'Tests:       2 failed, 8 passed, 10 total',
    });
    expect(diagnoseJobs(policy, [job])).toMatchObject({ cause: 'test_failure', transient: false });
  });

  it('across jobs a deterministic cause wins, even while another job still lacks logs', () => {
    const jobs = [
      aJob({ name: 'unit', annotation: 'connect ETIMEDOUT 1.2.3.4:443' }),
      aJob({ name: 'lint', annotation: "src/a.ts(3,1): error TS2322: Type 'x' is not assignable" }),
      aJob({ name: 'e2e' }),
    ];
    expect(diagnoseJobs(policy, jobs)).toMatchObject({ cause: 'compile_error', transient: false, needsLogs: false });
  });

  it('is transient only when every failed job is', () => {
    const network = aJob({ name: 'a', annotation: 'Error: connect ETIMEDOUT 1.2.3.4:443' });
    const rateLimit = aJob({ name: 'b', annotation: 'API rate limit exceeded for installation ID 1' });
    expect(diagnoseJobs(policy, [network, rateLimit])).toMatchObject({ transient: true, needsLogs: false });
    const unknownWithLog = aJob({ name: 'c', logTail: 'Error: Process completed with exit code 2.' });
    expect(diagnoseJobs(policy, [network, unknownWithLog])).toMatchObject({
      cause: 'unknown',
      transient: false,
      needsLogs: false,
    });
    expect(diagnoseJobs(policy, [network, aJob({ name: 'c' })])).toMatchObject({
      cause: 'unknown',
      transient: false,
      needsLogs: true,
    });
  });

  it('leaves out jobs cancelled beside a real failure (fail-fast), and passed jobs', () => {
    const lost = aJob({ name: 'linux', annotation: 'The self-hosted runner: r1 lost communication with the server.' });
    const cancelled = aJob({ name: 'mac', conclusion: 'cancelled', annotation: 'The operation was canceled.' });
    const passed = aJob({ name: 'win', conclusion: 'success', annotations: [] });
    expect(diagnoseJobs(policy, [lost, cancelled, passed])).toMatchObject({ cause: 'runner_lost', transient: true });
  });

  it('gathers evidence from every job with the winning cause, at most five lines', () => {
    const jobs = Array.from({ length: 4 }, (_, i) =>
      aJob({
        name: `shard-${i}`,
        annotations: [{ message: `Tests: ${i + 1} failed, 3 total` }, { message: `FAILED tests/test_${i}.py::test_x` }],
      }),
    );
    const result = diagnoseJobs(policy, jobs);
    expect(result.cause).toBe('test_failure');
    expect(result.evidence).toHaveLength(5);
  });

  it('with no failed job there is nothing to diagnose', () => {
    expect(diagnoseJobs(policy, [])).toEqual({ cause: 'unknown', transient: false, evidence: [], needsLogs: false });
  });
});
