import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { writeFileAtomic } from './atomic-file.js';

export const INDEX_FILE = '_evidence_index.md';

export interface IndexedFile {
  /** Path inside the bundle, `/`-separated. */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function* walk(dir: string): AsyncGenerator<string> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

/** Temp and lock files of in-flight writers are not evidence. */
const isTransient = (name: string) => name.endsWith('.tmp') || name.endsWith('.lock');

export async function listBundleFiles(bundleDir: string): Promise<IndexedFile[]> {
  const files: IndexedFile[] = [];
  for await (const full of walk(bundleDir)) {
    const path = relative(bundleDir, full).split(sep).join('/');
    if (path === INDEX_FILE || isTransient(path)) continue;
    files.push({ path, bytes: (await stat(full)).size, sha256: await sha256File(full) });
  }
  return files;
}

const encodeLink = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/** Writes `_evidence_index.md`: every file with its size and SHA-256, linked relatively. */
export async function writeEvidenceIndex(
  bundleDir: string,
  title: string,
  now: Date,
): Promise<{ files: IndexedFile[]; sha256: string }> {
  const files = await listBundleFiles(bundleDir);
  const lines = [
    `# Evidence index: ${title}`,
    '',
    `Generated ${now.toISOString()}. Every file of this bundle with its SHA-256; verify with \`sha256sum\`.`,
    '',
    '| file | bytes | sha256 |',
    '|---|---:|---|',
    ...files.map((f) => `| [${f.path}](${encodeLink(f.path)}) | ${f.bytes} | \`${f.sha256}\` |`),
    '',
  ];
  const text = lines.join('\n');
  await writeFileAtomic(join(bundleDir, INDEX_FILE), text);
  return { files, sha256: createHash('sha256').update(text).digest('hex') };
}
