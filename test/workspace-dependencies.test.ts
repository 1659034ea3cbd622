import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Each workspace's package.json names the @opsguard packages its sources import, so the
// dependency graph can be read (and checked by npm) without opening the code.
const ROOT = join(import.meta.dirname, '..');
const IMPORT = /(?:from |import\()'(@opsguard\/[a-z-]+)/g;

interface Manifest {
  readonly name: string;
  readonly dependencies?: Record<string, string>;
}

function sourcesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourcesOf(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const workspaces = ['packages', 'actions'].flatMap((group) =>
  readdirSync(join(ROOT, group)).map((name) => join(ROOT, group, name)),
);

describe('workspace package.json dependencies', () => {
  it.each(workspaces.map((dir) => [dir.slice(ROOT.length + 1), dir]))(
    '%s declares exactly the @opsguard packages its sources import',
    (_name, dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
      const imported = new Set<string>();
      for (const file of sourcesOf(join(dir, 'src'))) {
        for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
          const name = match[1];
          if (name !== undefined && name !== manifest.name) imported.add(name);
        }
      }
      const declared = Object.keys(manifest.dependencies ?? {}).filter((d) => d.startsWith('@opsguard/'));
      expect(declared.sort()).toEqual([...imported].sort());
    },
  );
});
