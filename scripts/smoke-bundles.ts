// Runs every bundled action the way a runner does (`node dist/<name>.js`, inputs as INPUT_*,
// outputs and summary through files) against the local replay of the GitHub API: once with no
// inputs (it must fail with one ::error:: line and exit 1), once on its success path (exit 0,
// its outputs written). An action without a scenario here fails the check: add one.
import {
  IamStandin,
  movedSample,
  startReplayServer,
  startStandinAccount,
  type Sample,
  type StandinAccount,
} from '@opsguard/sample';
import { signDispatchPayload } from '@opsguard/webhook-signature';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

interface Scenario {
  readonly inputs: (sample: Sample, dir: string, aws: AwsContext) => Record<string, string>;
  /** Steps to run first in the same out-dir (the shutdown before a recovery). */
  readonly before?: {
    readonly action: string;
    readonly inputs: (dir: string, aws: AwsContext) => Record<string, string>;
  }[];
  /** Runner variables the step needs beyond the common ones (an event, say). */
  readonly env?: (dir: string) => Record<string, string>;
  /** Outputs the success path must set. */
  readonly outputs: readonly string[];
}

const SMOKE_SECRET = 'whsec_smoke-secret-for-the-bundle-check';
const ACCOUNT = '123456789012';
const REGION = 'ap-northeast-1';
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:opsguard-cost-results`;
const TARGETS = JSON.stringify({
  functions: { tag: 'cost-guard=stop' },
  instances: { tag: 'cost-guard=stop' },
  distributions: ['E2SHOP123'],
});

/** The AWS stand-in (every service OpsGuard calls, IAM included) the AWS actions run against. */
interface AwsContext {
  readonly url: string;
  readonly dir: string;
}

const awsInputs = (aws: AwsContext) => ({ 'aws-region': REGION, 'aws-endpoint': aws.url });

function startAws(): Promise<StandinAccount> {
  return startStandinAccount({
    account: ACCOUNT,
    region: REGION,
    functions: [{ name: 'api', reservedConcurrency: 7, tags: { 'cost-guard': 'stop' } }],
    instances: [{ id: 'i-0aaa1111', state: 'running', tags: { 'cost-guard': 'stop' } }],
    distributions: [{ id: 'E2SHOP123', enabled: true }],
    topics: [TOPIC],
    extraServices: [new IamStandin({ accountId: ACCOUNT, roles: ['developer-alice', 'opsguard-apply'] })],
  });
}

function guardrailPolicies(dir: string): string {
  const path = join(dir, 'guardrail-policies.json');
  writeFileSync(
    path,
    JSON.stringify({
      timeZone: 'UTC',
      policies: [
        {
          id: 'freeze-smoke',
          threshold: { type: 'actual', percent: 100 },
          deny: ['ec2:RunInstances'],
          principals: ['arn:aws:iam::*:role/developer-*'],
          mode: 'auto',
          ttlMinutes: 30,
        },
      ],
    }),
  );
  return path;
}

const failedRunId = (sample: Sample): string => {
  const latest = [...new Map(sample.runs.map((r) => [Number(r.id), r])).values()];
  const run = latest.reverse().find((r) => r.conclusion === 'failure' && r.run_attempt === 1);
  if (!run) throw new Error('the sample has no failed first attempt');
  return String(run.id);
};

const SCENARIOS: Readonly<Record<string, Scenario>> = {
  retry: {
    inputs: (sample, dir) => ({ 'run-id': failedRunId(sample), 'out-dir': dir, 'kill-variable': 'false' }),
    outputs: ['decision', 'cause', 'act'],
  },
  kpi: { inputs: (_s, dir) => ({ days: '7', 'out-dir': dir }), outputs: ['success-rate', 'bundle-path'] },
  detect: { inputs: (_s, dir) => ({ apply: 'false', 'out-dir': dir }), outputs: ['count', 'bundle-path'] },
  evidence: { inputs: (_s, dir) => ({ upload: 'false', 'out-dir': dir }), outputs: ['bundle-path', 'index-digest'] },
  killswitch: { inputs: () => ({ command: 'status', 'kill-variable': 'false' }), outputs: ['active', 'state'] },
  audit: {
    inputs: (_s, dir) => ({ days: '7', issues: 'false', 'out-dir': dir, 'kill-variable': 'false' }),
    outputs: ['tickets', 'bundle-path'],
  },
  'ci-guard': { inputs: () => ({ 'kill-variable': 'false' }), outputs: ['allowed', 'violations'] },
  'aws-shutdown': {
    inputs: (_s, dir, aws) => ({ ...awsInputs(aws), targets: TARGETS, 'out-dir': dir, 'drain-seconds': '0' }),
    outputs: ['plan-file'],
  },
  'aws-recovery': {
    before: [
      { action: 'aws-shutdown', inputs: (dir, aws) => ({ ...awsInputs(aws), targets: TARGETS, 'out-dir': dir }) },
      {
        action: 'aws-shutdown',
        inputs: (dir, aws) => ({
          ...awsInputs(aws),
          mode: 'apply',
          'plan-file': join(
            dir,
            (existsSync(dir) ? readdirSync(dir) : []).find((f) => f.startsWith('plan-')) ?? 'plan.json',
          ),
          'out-dir': dir,
          'drain-seconds': '0',
          'topic-arn': TOPIC,
        }),
      },
    ],
    inputs: (_s, dir, aws) => ({ ...awsInputs(aws), 'out-dir': dir, 'topic-arn': TOPIC }),
    outputs: ['status', 'result'],
  },
  guardrail: {
    inputs: (_s, dir, aws) => ({
      ...awsInputs(aws),
      command: 'plan',
      alert: JSON.stringify({
        accountId: ACCOUNT,
        budgetName: 'monthly',
        thresholdType: 'actual',
        thresholdPercent: 100,
        period: '2026-12-01',
        raisedAt: new Date().toISOString(),
      }),
      policies: guardrailPolicies(aws.dir),
      'out-dir': dir,
    }),
    outputs: ['plan-hash', 'plan-file'],
  },
  'guardrail-cleanup': { inputs: (_s, _dir, aws) => awsInputs(aws), outputs: ['total-found', 'rolled-back'] },
  // Plan (store-less: the plan file), then apply exactly that plan by its hash: Nightly stopped.
  rollback: {
    before: [
      {
        action: 'rollback',
        inputs: (dir) => ({ workflow: 'Nightly', reason: 'smoke', 'out-dir': dir, 'kill-variable': 'false' }),
      },
    ],
    inputs: (_s, dir) => {
      const file = join(
        dir,
        (existsSync(dir) ? readdirSync(dir) : []).find((f) => f.startsWith('rollback-plan-')) ?? '',
      );
      // No plan file: the apply fails on the missing input, and the check reports it.
      if (!existsSync(file) || file === dir) return { command: 'apply' };
      const { sha256 } = JSON.parse(readFileSync(file, 'utf8')) as { sha256: string };
      return { command: 'apply', 'plan-sha256': sha256, 'plan-file': file, 'kill-variable': 'false' };
    },
    outputs: ['plan-sha256', 'result', 'steps'],
  },
  'verify-dispatch': {
    inputs: () => ({ secrets: SMOKE_SECRET }),
    env: (dir) => {
      const path = join(dir, 'event.json');
      const clientPayload = signDispatchPayload({ payload: { kind: 'budget-alert' }, secret: SMOKE_SECRET });
      writeFileSync(path, JSON.stringify({ action: 'budget-alert', client_payload: clientPayload }));
      return { GITHUB_EVENT_NAME: 'repository_dispatch', GITHUB_EVENT_PATH: path };
    },
    outputs: ['payload', 'delivery-id'],
  },
};

interface StepRun {
  readonly code: number | null;
  readonly out: string;
  readonly outputs: string;
}

/** A step in its own process with a runner's environment only (async: the replay answers meanwhile). */
function runStep(bundle: string, env: Record<string, string>, cwd: string): Promise<StepRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bundle], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('close', (code) => {
      const file = env['GITHUB_OUTPUT'];
      resolve({ code, out, outputs: file && existsSync(file) ? readFileSync(file, 'utf8') : '' });
    });
  });
}

async function main(): Promise<number> {
  const bundles = readdirSync(join(root, 'dist'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => f.slice(0, -3));
  const actions = readdirSync(join(root, 'actions')).filter((a) => existsSync(join(root, 'actions', a, 'action.yml')));
  const work = mkdtempSync(join(tmpdir(), 'opsguard-smoke-'));
  const sample = await movedSample(join(work, 'sample'), new Date());
  const server = await startReplayServer({ sample, now: () => new Date() });
  const standin = await startAws();
  const aws: AwsContext = { url: standin.url, dir: work };
  let failures = 0;
  try {
    for (const name of actions) {
      const bundle = join(root, 'dist', `${name}.js`);
      const scenario = SCENARIOS[name];
      if (!bundles.includes(name) || !scenario) {
        console.error(
          `✗ ${name}: ${scenario ? 'no dist bundle (npm run build)' : 'no smoke scenario in scripts/smoke-bundles.ts'}`,
        );
        failures++;
        continue;
      }
      const base = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp' };
      const bare = await runStep(bundle, base, work);
      const error = bare.out.split('\n').find((l) => l.startsWith('::error::'));
      if (bare.code !== 1 || !error) {
        console.error(`✗ ${name} with no inputs: exit ${bare.code}, no clear error\n${bare.out}`);
        failures++;
      } else console.log(`✓ ${name} with no inputs: exit 1, ${error.slice(0, 120)}`);

      const dir = mkdtempSync(join(work, `${name}-`));
      const env: Record<string, string> = {
        ...base,
        GITHUB_API_URL: server.url,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: sample.repository.full_name,
        GITHUB_ACTOR: 'smoke',
        GITHUB_WORKFLOW: 'smoke',
        GITHUB_OUTPUT: join(dir, 'output'),
        GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
        INPUT_TOKEN: 'ghs_smokeTokenForTheLocalReplay00',
      };
      Object.assign(env, scenario.env?.(dir) ?? {});
      const out = join(dir, 'out');
      // The runner creates both files before the step starts.
      writeFileSync(env['GITHUB_OUTPUT'] ?? '', '');
      writeFileSync(env['GITHUB_STEP_SUMMARY'] ?? '', '');
      for (const step of scenario.before ?? []) {
        const stepEnv = { ...env };
        for (const [key, value] of Object.entries(step.inputs(out, aws))) stepEnv[`INPUT_${key.toUpperCase()}`] = value;
        const first = await runStep(join(root, 'dist', `${step.action}.js`), stepEnv, dir);
        if (first.code !== 0)
          console.error(`✗ ${name}: its ${step.action} step exited ${first.code}\n${first.out.slice(-2000)}`);
      }
      writeFileSync(env['GITHUB_OUTPUT'] ?? '', '');
      for (const [key, value] of Object.entries(scenario.inputs(sample, out, aws))) {
        env[`INPUT_${key.toUpperCase()}`] = value;
      }
      const started = performance.now();
      const ok = await runStep(bundle, env, dir);
      const missing = scenario.outputs.filter((o) => !ok.outputs.includes(`${o}<<`));
      if (ok.code !== 0 || missing.length > 0) {
        console.error(
          `✗ ${name} success path: exit ${ok.code}, missing outputs ${missing.join(', ') || 'none'}\n${ok.out.slice(-3000)}`,
        );
        failures++;
      } else {
        console.log(
          `✓ ${name} success path: exit 0 in ${Math.round(performance.now() - started)} ms, outputs ${scenario.outputs.join(', ')}`,
        );
      }
    }
  } finally {
    await server.close();
    await standin.close();
    rmSync(work, { recursive: true, force: true });
  }
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main();
