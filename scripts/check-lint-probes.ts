// Proves the lint rules hold: writes one probe file per forbidden kind of import or code into the
// folder it is forbidden in, lints them with the project's own config, and fails unless every
// probe is reported by the rule meant to catch it. The probes are removed afterwards.
import { ESLint } from 'eslint';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

interface Probe {
  readonly what: string;
  /** Files to write, relative to the repository; the first is the one that must be reported. */
  readonly files: readonly (readonly [string, string])[];
  readonly rule: string;
}

const tag = `lint_probe_${process.pid}`;
const file = (dir: string, name = tag) => `${dir}/${name}.ts`;

const PROBES: readonly Probe[] = [
  {
    what: 'core imports node:crypto',
    rule: 'no-restricted-imports',
    files: [[file('packages/core/src'), "import { createHash } from 'node:crypto';\nexport const h = createHash;\n"]],
  },
  {
    what: 'core reads process.env',
    rule: 'no-restricted-syntax',
    files: [[file('packages/core/src'), "export const home = process.env['HOME'];\n"]],
  },
  {
    what: 'core reads the clock through performance',
    rule: 'no-restricted-globals',
    files: [[file('packages/core/src'), 'export const t = performance.now();\n']],
  },
  {
    what: 'core imports another OpsGuard package',
    rule: 'no-restricted-imports',
    files: [[file('packages/core/src'), "export { openStore } from '@opsguard/store';\n"]],
  },
  {
    what: 'an adapter imports another adapter',
    rule: 'no-restricted-imports',
    files: [[file('packages/github/src'), "export { MemoryStore } from '@opsguard/store';\n"]],
  },
  {
    what: 'an adapter imports the engine',
    rule: 'no-restricted-imports',
    files: [[file('packages/store/src'), "export { createRuntime } from '@opsguard/engine';\n"]],
  },
  {
    what: 'the engine imports the CLI',
    rule: 'no-restricted-imports',
    files: [[file('packages/engine/src'), "export { main } from '@opsguard/cli';\n"]],
  },
  {
    what: 'the guard imports an adapter',
    rule: 'no-restricted-imports',
    files: [[file('packages/guard/src'), "export { getWorkflowRun } from '@opsguard/github';\n"]],
  },
  {
    what: 'a package other than action-kit imports @actions/core',
    rule: 'no-restricted-imports',
    files: [[file('packages/engine/src'), "export { info } from '@actions/core';\n"]],
  },
  {
    what: 'an action imports another action',
    rule: 'no-restricted-imports',
    files: [[file('actions/kpi/src'), "export { run } from '../../retry/src/main.js';\n"]],
  },
  {
    what: 'a source imports the test support',
    rule: 'no-restricted-imports',
    files: [[file('packages/engine/src'), "export { aWorkflowRun } from '@opsguard/testing';\n"]],
  },
  {
    what: 'a deep import into a package',
    rule: 'no-restricted-imports',
    files: [[file('packages/engine/src'), "export { MemoryStore } from '@opsguard/store/src/memory-store.js';\n"]],
  },
  {
    what: 'a floating promise',
    rule: '@typescript-eslint/no-floating-promises',
    files: [
      [
        file('packages/engine/src'),
        'async function work(): Promise<void> {}\nexport function start(): void {\n  work();\n}\n',
      ],
    ],
  },
  {
    what: 'a promise where a boolean is expected',
    rule: '@typescript-eslint/no-misused-promises',
    files: [
      [
        file('packages/engine/src'),
        'export async function ready(): Promise<boolean> {\n  return true;\n}\nexport function check(): string {\n  return ready() ? "yes" : "no";\n}\n',
      ],
    ],
  },
  {
    what: 'an import cycle',
    rule: 'import-x/no-cycle',
    files: [
      [
        file('packages/engine/src', `${tag}_a`),
        `import { b } from './${tag}_b.js';\nexport const a = (): number => b() + 1;\n`,
      ],
      [
        file('packages/engine/src', `${tag}_b`),
        `import { a } from './${tag}_a.js';\nexport const b = (): number => (a.length > 9 ? 0 : 1);\n`,
      ],
    ],
  },
];

async function main(): Promise<number> {
  // One probe at a time: several share a file name, and each must be judged alone.
  let failures = 0;
  const eslint = new ESLint({ cwd: root });
  for (const probe of PROBES) {
    try {
      for (const [path, text] of probe.files) writeFileSync(join(root, path), text);
      const [result] = await eslint.lintFiles([join(root, probe.files[0]?.[0] ?? '')]);
      const rules = (result?.messages ?? []).map((m) => m.ruleId);
      if (rules.includes(probe.rule)) console.log(`✓ ${probe.what}: reported by ${probe.rule}`);
      else {
        failures++;
        console.error(
          `✗ ${probe.what}: expected ${probe.rule}, lint said ${JSON.stringify(result?.messages.map((m) => `${m.ruleId}: ${m.message}`) ?? [])}`,
        );
      }
    } finally {
      for (const [path] of probe.files) rmSync(join(root, path), { force: true });
    }
  }
  console.log(failures === 0 ? `all ${PROBES.length} probes were caught` : `${failures} probe(s) got through`);
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main();
