import { describe, expect, test } from '@jest/globals';
import type { components } from '@octokit/openapi-types';
import {
  aJob,
  anAnnotation,
  anIssue,
  anIssueComment,
  aStep,
  aWorkflow,
  aWorkflowRun,
  resetBuilderIds,
} from '@opsguard/testing';

type Schemas = components['schemas'];

describe('builders (reached through the @opsguard/github/testing entry)', () => {
  test('a workflow run is a full API record; overrides win', () => {
    const run: Schemas['workflow-run'] = aWorkflowRun({ conclusion: 'failure', run_attempt: 2 });
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure', run_attempt: 2 });
    expect(run.previous_attempt_url).toBe(`${run.url}/attempts/1`);
    expect(run.repository.full_name).toBe('octo-org/app');
  });

  test('ids are unique and restart with resetBuilderIds', () => {
    resetBuilderIds();
    const first = Number(aWorkflowRun().id);
    const second = Number(aWorkflowRun().id);
    expect(second).not.toBe(first);
    resetBuilderIds();
    expect(Number(aWorkflowRun().id)).toBe(first);
  });

  test('a job carries its run and a check run url; a failed step can be set', () => {
    const job: Schemas['job'] = aJob({
      run_id: 42,
      conclusion: 'failure',
      steps: [aStep({ name: 'Run npm test', conclusion: 'failure', number: 3 })],
    });
    expect(job.run_url).toMatch(/\/actions\/runs\/42$/);
    expect(job.check_run_url).toMatch(/\/check-runs\/\d+$/);
    expect(job.steps?.[0]?.conclusion).toBe('failure');
  });

  test('annotations, issues, comments and workflows match their schemas', () => {
    const annotation: Schemas['check-annotation'] = anAnnotation({
      message: 'The job running on runner X has exceeded the maximum execution time of 360 minutes.',
    });
    const issue: Schemas['issue'] = anIssue({ title: 'OpsGuard: CI failing', labels: [{ name: 'opsguard' }] });
    const comment: Schemas['issue-comment'] = anIssueComment({ body: 'still failing' });
    const workflow: Schemas['workflow'] = aWorkflow({ state: 'disabled_manually' });
    expect(annotation.annotation_level).toBe('failure');
    expect(issue).toMatchObject({
      state: 'open',
      title: 'OpsGuard: CI failing',
      html_url: `https://github.com/octo-org/app/issues/${issue.number}`,
    });
    expect(issue.pull_request).toBeUndefined();
    expect(comment.issue_url).toMatch(/\/issues\/\d+$/);
    expect(workflow.state).toBe('disabled_manually');
  });

  test('records survive a JSON round trip (what nock sends)', () => {
    const run = aWorkflowRun({ conclusion: 'timed_out' });
    expect(JSON.parse(JSON.stringify(run))).toEqual(run);
  });
});
