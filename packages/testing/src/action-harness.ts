// Drives an action's `run()` the way the runner does, for the five actions' tests: inputs as
// INPUT_* variables, outputs and the job summary through the GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files, the step's result in `process.exitCode`, everything the step
// printed captured. The working directory is one per test file (a step must leave nothing in it
// but what it is asked to write: no embedded database on a runner). Each test gets its own
// scratch folder; env, cwd and exit code are restored afterwards.
import { afterAll, afterEach, beforeAll, beforeEach, jest } from '@jest/globals';
import { movedSample, startReplayServer, type ReplayServer } from '@opsguard/sample';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ActionResult {
  /** GITHUB_OUTPUT, parsed. */
  readonly outputs: Readonly<Record<string, string>>;
  /** The job summary markdown this step appended. */
  readonly summary: string;
  /** `process.exitCode` after the step: 1 when it failed. */
  readonly exitCode: number | undefined;
  /** Every `::error::` line the step printed, unescaped. */
  readonly errors: readonly string[];
}

export interface ActionHarness {
  /** The current test's scratch folder (fresh, removed afterwards) for event files, out-dir, … */
  readonly dir: () => string;
  /** The step's working directory, shared by the tests of one file. */
  readonly cwd: () => string;
  /** Sets INPUT_<NAME> for each input (upper-cased, hyphens kept), runs the step, reads what it left. */
  readonly runStep: (run: () => Promise<void>, inputs: Readonly<Record<string, string>>) => Promise<ActionResult>;
}

const RUNNER_ENV = /^(INPUT_|GITHUB_|RUNNER_|DATABASE_URL$|SUPABASE_|OPSGUARD_KILL$|SLACK_WEBHOOK_URL$)/;

/** Splits GITHUB_OUTPUT's `name<<delimiter\nvalue\ndelimiter` records. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(ghadelimiter_[\w-]+)$/.exec(lines[i] ?? '');
    if (!match?.[1] || !match[2]) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== match[2]; i++) value.push(lines[i] ?? '');
    outputs[match[1]] = value.join('\n');
  }
  return outputs;
}

/** `::error::message` → message, with the runner's %-escapes undone (a newline stays visible as %0A). */
function errorLines(printed: string): string[] {
  return printed
    .split('\n')
    .filter((line) => line.startsWith('::error::'))
    .map((line) => line.slice('::error::'.length).replace(/%25/g, '%'));
}

/**
 * Registers the hooks that give every test a clean runner environment. `@actions/core` keeps the
 * first summary path it sees, so the summary file is one per test file, emptied before each test.
 */
export function useActionHarness(): ActionHarness {
  let root = '';
  let work = '';
  let dir = '';
  let summaryPath = '';
  let savedEnv: NodeJS.ProcessEnv = {};
  let savedCwd = '';
  let printed: string[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'opsguard-action-'));
    summaryPath = join(root, 'step-summary.md');
    work = join(root, 'work');
    await mkdir(work);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    savedEnv = { ...process.env };
    savedCwd = process.cwd();
    for (const name of Object.keys(process.env)) if (RUNNER_ENV.test(name)) delete process.env[name];
    dir = await mkdtemp(join(root, 'step-'));
    process.chdir(work);
    process.env['GITHUB_OUTPUT'] = join(dir, 'github-output');
    process.env['GITHUB_STEP_SUMMARY'] = summaryPath;
    process.env['GITHUB_ACTOR'] = 'octocat';
    process.env['GITHUB_WORKFLOW'] = 'OpsGuard';
    printed = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    // Empty when a beforeAll failed and this test's beforeEach never ran.
    if (savedCwd !== '') process.chdir(savedCwd);
    for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
    Object.assign(process.env, savedEnv);
    process.exitCode = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  return {
    dir: () => dir,
    cwd: () => work,
    runStep: async (run, inputs) => {
      // A step reads only what it wrote itself, even when a test runs two steps.
      await writeFile(summaryPath, '');
      await writeFile(process.env['GITHUB_OUTPUT'] ?? '', '');
      printed = [];
      process.exitCode = undefined;
      for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
      await run();
      const exitCode = typeof process.exitCode === 'number' ? process.exitCode : undefined;
      return {
        outputs: parseOutputFile(await readFile(process.env['GITHUB_OUTPUT'] ?? '', 'utf8')),
        summary: await readFile(summaryPath, 'utf8'),
        exitCode,
        errors: errorLines(printed.join('')),
      };
    },
  };
}

/**
 * A replay of the sample's repository on 127.0.0.1 for one test file, its clock the real one.
 * GITHUB_API_URL must be set per test (the harness clears it); `server()` gives its url.
 */
export function useReplay(): { readonly server: () => ReplayServer } {
  let server: ReplayServer | undefined;
  let sampleDir = '';
  beforeAll(async () => {
    sampleDir = await mkdtemp(join(tmpdir(), 'opsguard-sample-'));
    const sample = await movedSample(sampleDir, new Date());
    server = await startReplayServer({ sample, now: () => new Date() });
  });
  afterAll(async () => {
    await server?.close();
    await rm(sampleDir, { recursive: true, force: true });
  });
  return {
    server: () => {
      if (!server) throw new Error('the replay server is started in beforeAll');
      return server;
    },
  };
}
