import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * Every secret input of every action is registered with the runner's masker (`::add-mask::`)
 * as soon as it is read, before anything could print it (issue 8). Secret inputs are those whose
 * name says so or whose description says "a secret".
 */
const ROOT = join(import.meta.dirname, '..');
const SECRET_NAME = /(^|-)(token|key|secret|secrets|password|webhook|database-url)$/;

interface ActionInput {
  readonly description?: string;
}

const actions = readdirSync(join(ROOT, 'actions')).filter((a) => existsSync(join(ROOT, 'actions', a, 'action.yml')));

function secretInputsOf(action: string): string[] {
  const meta = parse(readFileSync(join(ROOT, 'actions', action, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, ActionInput>;
  };
  return Object.entries(meta.inputs ?? {})
    .filter(([name, input]) => SECRET_NAME.test(name) || /\ba secret\b/i.test(input.description ?? ''))
    .map(([name]) => name);
}

/** What an action needs besides its secrets for its settings to be read (an event, a command). */
const CONTEXT: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  retry: { 'INPUT_RUN-ID': '1' },
  killswitch: { INPUT_COMMAND: 'status' },
  'verify-dispatch': { GITHUB_EVENT_NAME: 'repository_dispatch' },
};

let printed: string[] = [];
let saved: NodeJS.ProcessEnv;
beforeEach(() => {
  saved = { ...process.env };
  printed = [];
  for (const name of Object.keys(process.env)) if (/^(INPUT_|GITHUB_)/.test(name)) delete process.env[name];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  jest.restoreAllMocks();
  process.env = saved;
});

describe('every secret input is masked', () => {
  it('each action declares its secret inputs (the list this test checks)', () => {
    expect(Object.fromEntries(actions.map((a) => [a, secretInputsOf(a).length > 0]))).toMatchObject({
      retry: true,
      kpi: true,
      killswitch: true,
    });
  });

  it.each(actions.filter((a) => secretInputsOf(a).length > 0))(
    '%s registers ::add-mask:: for each one',
    async (action) => {
      const secrets = secretInputsOf(action);
      const values = Object.fromEntries(secrets.map((name, i) => [name, `s3cr3t-${action}-${i}-Zq7Xw9Lm2Pv4`]));
      process.env['GITHUB_REPOSITORY'] = 'octo-org/app';
      Object.assign(process.env, CONTEXT[action] ?? {});
      for (const [name, value] of Object.entries(values)) process.env[`INPUT_${name.toUpperCase()}`] = value;
      const settings = join(ROOT, 'actions', action, 'src', 'settings.ts');
      const { readSettings } = (await import(settings)) as { readSettings: () => unknown };
      try {
        readSettings();
      } catch {
        // A combination the action refuses (two stores at once) is fine: the masks come first.
      }
      const masks = printed
        .join('')
        .split('\n')
        .filter((l) => l.startsWith('::add-mask::'))
        .map((l) => l.slice('::add-mask::'.length));
      for (const [name, value] of Object.entries(values))
        expect({ input: name, masked: masks.includes(value) }).toEqual({ input: name, masked: true });
    },
  );
});
