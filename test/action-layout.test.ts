import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Every action is a thin entry on the shared bundle (issue 8): action.yml runs ../../dist/<name>.js,
// and no action carries a tsconfig of its own (the root one covers actions/*/src; one per action
// made ESLint's project service build a program per action and run out of memory).
const root = join(import.meta.dirname, '..');
const actions = readdirSync(join(root, 'actions')).filter((name) =>
  existsSync(join(root, 'actions', name, 'action.yml')),
);

describe('action layout', () => {
  it.each(actions)('%s runs the shared bundle and has no tsconfig of its own', (name) => {
    const yml = readFileSync(join(root, 'actions', name, 'action.yml'), 'utf8');
    expect(yml).toMatch(new RegExp(`main: ['"]?\\.\\./\\.\\./dist/${name}\\.js['"]?`));
    expect(existsSync(join(root, 'actions', name, 'tsconfig.json'))).toBe(false);
  });
});
