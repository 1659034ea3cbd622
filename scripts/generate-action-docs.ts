// Generates docs/actions/<name>.md from each action.yml (inputs, outputs, usage), so the
// reference can never drift from the metadata; CI regenerates and fails on a difference.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface ActionField {
  readonly description?: string;
  readonly required?: boolean;
  readonly default?: string | number | boolean;
}

interface ActionMetadata {
  readonly name: string;
  readonly description: string;
  readonly inputs?: Readonly<Record<string, ActionField>>;
  readonly outputs?: Readonly<Record<string, ActionField>>;
}

const root = new URL('..', import.meta.url).pathname;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n+/g, ' ').trim();

function render(name: string, meta: ActionMetadata): string {
  const inputs = Object.entries(meta.inputs ?? {});
  const outputs = Object.entries(meta.outputs ?? {});
  const usage = inputs
    .filter(([, f]) => f.required)
    .map(([key]) => `          ${key}: …`)
    .join('\n');
  return [
    `<!-- Generated from actions/${name}/action.yml by \`npm run docs\`. Do not edit. -->`,
    `# ${meta.name}`,
    '',
    meta.description.trim(),
    '',
    '## Usage',
    '',
    '```yaml',
    `      - uses: opsguard/opsguard/actions/${name}@v1`,
    ...(usage ? ['        with:', usage] : []),
    '```',
    '',
    '## Inputs',
    '',
    '| input | required | default | description |',
    '|---|---|---|---|',
    ...inputs.map(
      ([key, f]) =>
        `| \`${key}\` | ${f.required ? 'yes' : 'no'} | ${f.default === undefined ? '' : `\`${cell(String(f.default))}\``} | ${cell(f.description ?? '')} |`,
    ),
    '',
    '## Outputs',
    '',
    '| output | description |',
    '|---|---|',
    ...outputs.map(([key, f]) => `| \`${key}\` | ${cell(f.description ?? '')} |`),
    '',
  ].join('\n');
}

const outDir = join(root, 'docs', 'actions');
mkdirSync(outDir, { recursive: true });
const names = readdirSync(join(root, 'actions')).filter((n) => existsSync(join(root, 'actions', n, 'action.yml')));
for (const name of names) {
  const meta = parse(readFileSync(join(root, 'actions', name, 'action.yml'), 'utf8')) as ActionMetadata;
  writeFileSync(join(outDir, `${name}.md`), render(name, meta));
}
console.log(`docs/actions: ${names.length} reference page(s) generated`);
