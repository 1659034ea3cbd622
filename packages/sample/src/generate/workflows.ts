// The recorded repository's six workflows: their jobs, steps and typical step durations. Step
// kinds say which failures a step can suffer (npm install can hit the registry, checkout can hit
// GitHub's git servers, ...), so failures land where they would on a real runner.
import type { Workflow } from '../types.js';
import { type RepoRef, repoApi, repoWeb } from './repository.js';

export type StepKind =
  | 'setup'
  | 'checkout'
  | 'setup-node'
  | 'install'
  | 'build'
  | 'test'
  | 'lint'
  | 'docker'
  | 'e2e'
  | 'script'
  | 'aws'
  | 'deploy'
  | 'audit'
  | 'post'
  | 'complete';

export interface StepDef {
  readonly name: string;
  readonly kind: StepKind;
  /** Typical duration in seconds on a healthy day. */
  readonly seconds: number;
  /** The shell command a `run:` step prints in its log header. */
  readonly command?: string;
}

export interface JobDef {
  readonly name: string;
  readonly runner: 'hosted' | 'self-hosted';
  readonly needs?: string;
  readonly steps: readonly StepDef[];
}

export type WorkflowKey = 'ci' | 'lint' | 'e2e' | 'nightly' | 'deploy' | 'release';

export interface WorkflowDef {
  readonly key: WorkflowKey;
  readonly id: number;
  readonly name: string;
  readonly file: string;
  readonly createdAt: string;
  /** run_number of the first run in the sample: the repository had history before it. */
  readonly firstRunNumber: number;
  readonly jobs: readonly JobDef[];
}

const setUp: StepDef = { name: 'Set up job', kind: 'setup', seconds: 2 };
const checkout: StepDef = { name: 'Run actions/checkout@v4', kind: 'checkout', seconds: 3 };
const setupNode: StepDef = { name: 'Run actions/setup-node@v4', kind: 'setup-node', seconds: 6 };
const npmCi: StepDef = { name: 'Run npm ci', kind: 'install', seconds: 38, command: 'npm ci' };
const postNode: StepDef = { name: 'Post Run actions/setup-node@v4', kind: 'post', seconds: 1 };
const postCheckout: StepDef = { name: 'Post Run actions/checkout@v4', kind: 'post', seconds: 1 };
const complete: StepDef = { name: 'Complete job', kind: 'complete', seconds: 0 };

function nodeJob(name: string, work: readonly StepDef[], runner: JobDef['runner'] = 'hosted'): JobDef {
  return { name, runner, steps: [setUp, checkout, setupNode, npmCi, ...work, postNode, postCheckout, complete] };
}

export const WORKFLOW_DEFS: readonly WorkflowDef[] = [
  {
    key: 'ci',
    id: 61_200_417,
    name: 'CI',
    file: 'ci.yml',
    createdAt: '2023-03-14T10:02:11Z',
    firstRunNumber: 8_412,
    jobs: [
      nodeJob('build', [{ name: 'Run npm run build', kind: 'build', seconds: 74, command: 'npm run build' }]),
      nodeJob('test', [{ name: 'Run npm test -- --ci', kind: 'test', seconds: 186, command: 'npm test -- --ci' }]),
    ],
  },
  {
    key: 'lint',
    id: 61_200_418,
    name: 'Lint',
    file: 'lint.yml',
    createdAt: '2023-03-14T10:02:11Z',
    firstRunNumber: 5_230,
    jobs: [
      nodeJob('eslint', [
        {
          name: 'Run npx eslint . --max-warnings 0',
          kind: 'lint',
          seconds: 41,
          command: 'npx eslint . --max-warnings 0',
        },
      ]),
    ],
  },
  {
    key: 'e2e',
    id: 61_200_419,
    name: 'E2E',
    file: 'e2e.yml',
    createdAt: '2023-05-02T08:40:37Z',
    firstRunNumber: 3_977,
    jobs: [
      nodeJob(
        'playwright',
        [
          {
            name: 'Run docker compose up -d --wait',
            kind: 'docker',
            seconds: 48,
            command: 'docker compose up -d --wait',
          },
          { name: 'Run npx playwright test', kind: 'e2e', seconds: 560, command: 'npx playwright test' },
        ],
        'self-hosted',
      ),
    ],
  },
  {
    key: 'nightly',
    id: 61_200_420,
    name: 'Nightly',
    file: 'nightly.yml',
    createdAt: '2023-06-19T07:15:02Z',
    firstRunNumber: 512,
    jobs: [
      nodeJob('audit', [
        { name: 'Run npm audit --omit=dev', kind: 'audit', seconds: 9, command: 'npm audit --omit=dev' },
      ]),
      nodeJob('full-test', [
        { name: 'Run npm run test:full', kind: 'test', seconds: 640, command: 'npm run test:full' },
      ]),
    ],
  },
  {
    key: 'deploy',
    id: 61_200_421,
    name: 'Deploy',
    file: 'deploy.yml',
    createdAt: '2023-04-21T13:55:48Z',
    firstRunNumber: 1_288,
    jobs: [
      {
        name: 'build-image',
        runner: 'hosted',
        steps: [
          setUp,
          checkout,
          {
            name: 'Run docker build -t webshop:${GITHUB_SHA} .',
            kind: 'docker',
            seconds: 152,
            command: 'docker build -t webshop:${GITHUB_SHA} .',
          },
          postCheckout,
          complete,
        ],
      },
      {
        name: 'deploy',
        runner: 'hosted',
        needs: 'build-image',
        steps: [
          setUp,
          checkout,
          { name: 'Run aws-actions/configure-aws-credentials@v4', kind: 'aws', seconds: 3 },
          { name: 'Run acme/deploy-action@v2', kind: 'deploy', seconds: 118 },
          { name: 'Run actions/github-script@v7', kind: 'script', seconds: 4 },
          { name: 'Post Run aws-actions/configure-aws-credentials@v4', kind: 'post', seconds: 1 },
          postCheckout,
          complete,
        ],
      },
    ],
  },
  {
    key: 'release',
    id: 61_200_422,
    name: 'Release',
    file: 'release.yml',
    createdAt: '2023-09-08T16:20:19Z',
    firstRunNumber: 71,
    jobs: [
      nodeJob('release', [
        { name: 'Run npm run build', kind: 'build', seconds: 76, command: 'npm run build' },
        { name: 'Run actions/github-script@v7', kind: 'script', seconds: 12 },
      ]),
    ],
  },
];

export function workflowDef(key: WorkflowKey): WorkflowDef {
  const def = WORKFLOW_DEFS.find((w) => w.key === key);
  if (!def) throw new Error(`unknown workflow ${key}`);
  return def;
}

export function workflowPath(def: WorkflowDef): string {
  return `.github/workflows/${def.file}`;
}

export function toWorkflow(repo: RepoRef, def: WorkflowDef, updatedAt: string): Workflow {
  const path = workflowPath(def);
  return {
    id: def.id,
    node_id: `W_kwDOKo${def.id.toString(36).toUpperCase()}`,
    name: def.name,
    path,
    state: 'active',
    created_at: def.createdAt,
    updated_at: updatedAt,
    url: `${repoApi(repo)}/actions/workflows/${def.id}`,
    html_url: `${repoWeb(repo)}/blob/main/${path}`,
    badge_url: `${repoWeb(repo)}/workflows/${encodeURIComponent(def.name)}/badge.svg`,
  };
}
