// A job log as GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs serves it: every line
// starts with a 7-digit-fraction UTC stamp, steps are `##[group]Run …` blocks, errors are
// `##[error]` lines, and a lost runner's log simply stops.
import type { StepTiming } from './jobs.js';
import type { Random } from './random.js';
import type { RepoRef } from './repository.js';
import { logStamp, SECOND } from './time.js';
import type { JobDef, StepKind, WorkflowDef } from './workflows.js';

export interface LogInput {
  readonly rng: Random;
  readonly repo: RepoRef;
  readonly workflow: WorkflowDef;
  readonly def: JobDef;
  readonly runnerName: string;
  readonly labels: readonly string[];
  /** The ref the workflow ran at (`refs/heads/main`, `refs/pull/1204/merge`). */
  readonly ref: string;
  readonly queuedAt: number;
  readonly steps: readonly StepTiming[];
  readonly tail: readonly string[];
  readonly runnerLost: boolean;
}

const OUTPUT: Partial<Record<StepKind, readonly string[]>> = {
  checkout: [
    'Syncing repository: acme/webshop',
    '##[group]Getting Git version info',
    'git version 2.51.0',
    '##[endgroup]',
    'Fetching the repository',
  ],
  'setup-node': [
    'Found in cache @ /opt/hostedtoolcache/node/24.11.0/x64',
    '##[group]Environment details',
    'node: v24.11.0',
    'npm: 11.6.1',
    '##[endgroup]',
  ],
  install: ['npm warn deprecated inflight@1.0.6: This module is not supported, and leaks memory.'],
  build: ['> webshop@3.14.0 build', '> tsc -b'],
  test: ['> webshop@3.14.0 test', '> jest --ci'],
  lint: [],
  docker: [],
  e2e: ['Running 214 tests using 4 workers'],
};

const SUCCESS_END: Partial<Record<StepKind, readonly string[]>> = {
  checkout: ['HEAD is now at 4f2a9c1 Merge branch main'],
  install: ['added 1184 packages, and audited 1185 packages in 37s', 'found 0 vulnerabilities'],
  build: [],
  test: ['Test Suites: 38 passed, 38 total', 'Tests:       142 passed, 142 total', 'Ran all test suites.'],
  e2e: ['  214 passed (9.1m)'],
  docker: [' ✔ Container webshop-postgres-1  Healthy'],
};

export function jobLog(input: LogInput): string {
  const { rng } = input;
  const lines: string[] = [];
  let last = input.queuedAt;
  const at = (ms: number, text: string) => {
    last = Math.max(last + rng.int(1, 40), ms);
    lines.push(`${logStamp(last, (last % SECOND) * 10_000 + rng.int(0, 9_999))} ${text}`);
  };
  const first = input.steps[0];
  const begin = first ? first.start : input.queuedAt;
  const hosted = input.def.runner === 'hosted';
  at(begin, `Requested labels: ${input.labels.join(', ')}`);
  at(
    begin,
    `Job defined at: ${input.repo.owner}/${input.repo.name}/.github/workflows/${input.workflow.file}@${input.ref}`,
  );
  at(begin, 'Waiting for a runner to pick up this job...');
  at(
    begin,
    `Job is about to start running on the ${hosted ? 'hosted runner' : 'runner'}: ${input.runnerName} (${hosted ? 'hosted' : 'repository'})`,
  );
  at(begin, "Current runner version: '2.329.0'");
  if (hosted) {
    for (const text of [
      '##[group]Runner Image Provisioner',
      'Hosted Compute Agent',
      'Version: 20251016.436',
      '##[endgroup]',
      '##[group]Operating System',
      'Ubuntu',
      '24.04.3',
      'LTS',
      '##[endgroup]',
      '##[group]Runner Image',
      'Image: ubuntu-24.04',
      'Version: 20251102.99.1',
      '##[endgroup]',
    ])
      at(begin, text);
  } else {
    at(begin, `Runner name: '${input.runnerName}'`);
    at(begin, "Runner group name: 'Default'");
    at(begin, `Machine name: '${input.runnerName}'`);
  }
  for (const text of [
    '##[group]GITHUB_TOKEN Permissions',
    'Actions: write',
    'Checks: read',
    'Contents: read',
    'Issues: write',
    'Metadata: read',
    '##[endgroup]',
    'Secret source: Actions',
    'Prepare workflow directory',
    'Prepare all required actions',
    'Getting action download info',
    "Download action repository 'actions/checkout@v4' (SHA:11bd71901bbe5b1630ceea73d27597364c9af683)",
    `Complete job name: ${input.def.name}`,
  ])
    at(begin, text);

  for (const step of input.steps) {
    const kind = step.def.kind;
    if (kind === 'setup' || kind === 'complete' || step.conclusion === 'skipped') continue;
    if (kind === 'post') {
      at(step.start, 'Post job cleanup.');
      continue;
    }
    at(step.start, `##[group]${step.def.name}`);
    if (step.def.command) {
      at(step.start, step.def.command);
      at(step.start, 'shell: /usr/bin/bash -e {0}');
    }
    at(step.start, '##[endgroup]');
    for (const text of OUTPUT[kind] ?? []) at(step.start + SECOND, text);
    if (step.conclusion === 'failure' || step.conclusion === 'cancelled') {
      const span = Math.max(1, step.end - step.start - 2 * SECOND);
      input.tail.forEach((text, i) =>
        at(step.start + 2 * SECOND + Math.floor((span * (i + 1)) / (input.tail.length + 1)), text),
      );
      if (input.runnerLost) return `${lines.join('\n')}\n`;
    } else {
      for (const text of SUCCESS_END[kind] ?? []) at(step.end, text);
    }
  }
  const end = input.steps[input.steps.length - 1]?.end ?? last;
  at(end, 'Cleaning up orphan processes');
  return `${lines.join('\n')}\n`;
}
