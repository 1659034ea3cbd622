import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import type { RunSummaryEntry } from './entries.js';
import type { RecordFile } from './record-file.js';

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
export const isTransientFile = (name: string) => name.endsWith('.tmp') || name.endsWith('.lock');

/** Every evidence file of the bundle (the index itself and in-flight temp/lock files left out). */
export async function listBundlePaths(bundleDir: string): Promise<string[]> {
  const paths: string[] = [];
  for await (const full of walk(bundleDir)) {
    const path = relative(bundleDir, full).split(sep).join('/');
    if (path === INDEX_FILE || isTransientFile(path)) continue;
    paths.push(path);
  }
  return paths;
}

export async function listBundleFiles(bundleDir: string): Promise<IndexedFile[]> {
  const files: IndexedFile[] = [];
  for (const path of await listBundlePaths(bundleDir)) {
    const full = join(bundleDir, path);
    files.push({ path, bytes: (await stat(full)).size, sha256: await sha256File(full) });
  }
  return files;
}

export const encodeLink = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/** One run of RUNS_SUMMARY.json as the index links it. */
export interface IndexedRun {
  readonly runId: number;
  readonly url: string;
  readonly workflowName: string;
  readonly attempts: number;
  readonly conclusion: string;
  /** Bundle paths of this run's evidence (its artifacts folder, the tickets naming it). */
  readonly evidence: readonly string[];
}

/** What `_evidence_index.md` says, read back (the verifier and the incremental update use it). */
export interface ParsedIndex {
  readonly title: string;
  readonly files: readonly (IndexedFile & { readonly line: number; readonly link: string })[];
  readonly runs: readonly { readonly runId: number; readonly url: string; readonly line: number }[];
  /** Every relative link of the index, with its line. */
  readonly links: readonly { readonly line: number; readonly target: string }[];
}

const FILE_ROW = /^\| \[(.+?)\]\((.+?)\) \| (\d+) \| `([0-9a-f]{64})` \|$/;
const RUN_ROW = /^\| \[(\d+)\]\((\S+?)\) \|/;
const LINK = /\[[^\]]*\]\(([^)\s]+)\)/g;

export function parseEvidenceIndex(text: string): ParsedIndex {
  const files: (IndexedFile & { line: number; link: string })[] = [];
  const runs: { runId: number; url: string; line: number }[] = [];
  const links: { line: number; target: string }[] = [];
  let title = '';
  let section = '';
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (raw.startsWith('# Evidence index: ')) title = raw.slice('# Evidence index: '.length);
    if (raw.startsWith('## ')) section = raw.slice(3).trim();
    for (const match of raw.matchAll(LINK)) {
      const target = match[1] ?? '';
      if (!/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#')) links.push({ line, target });
    }
    const file = section === 'Files' ? FILE_ROW.exec(raw) : null;
    if (file) {
      files.push({ path: file[1] ?? '', link: file[2] ?? '', bytes: Number(file[3]), sha256: file[4] ?? '', line });
      return;
    }
    const run = section === 'Runs' ? RUN_ROW.exec(raw) : null;
    if (run) runs.push({ runId: Number(run[1]), url: run[2] ?? '', line });
  });
  return { title, files, runs, links };
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

async function readJson<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** The runs of RUNS_SUMMARY.json (last attempt of each), with their evidence in the bundle. */
async function indexedRuns(bundleDir: string, paths: readonly string[]): Promise<IndexedRun[]> {
  const summary = await readJson<RecordFile<RunSummaryEntry>>(join(bundleDir, 'RUNS_SUMMARY.json'));
  if (!summary || !Array.isArray(summary.entries)) return [];
  const evidence = new Map<number, string[]>();
  const add = (runId: number, path: string) => {
    const list = evidence.get(runId) ?? [];
    if (!list.includes(path)) list.push(path);
    evidence.set(runId, list);
  };
  for (const path of paths) {
    const artifact = /^artifacts\/(\d+)\//.exec(path);
    if (artifact) add(Number(artifact[1]), `artifacts/${artifact[1]}/`);
  }
  for (const path of paths.filter((p) => /^audit_tickets\/[^/]+\.json$/.test(p))) {
    const ticket = await readJson<{ runs?: readonly { runId?: unknown }[]; error?: { runId?: unknown } }>(
      join(bundleDir, path),
    );
    for (const runId of [...(ticket?.runs ?? []).map((r) => r.runId), ticket?.error?.runId]) {
      if (typeof runId === 'number') add(runId, path.replace(/\.json$/, '.md'));
    }
  }
  const last = new Map<number, RunSummaryEntry & { attempts: number }>();
  for (const e of summary.entries) {
    const seen = last.get(e.runId);
    const attempts = Math.max(seen?.attempts ?? 0, e.attempt);
    if (!seen || seen.attempt < e.attempt) last.set(e.runId, { ...e, attempts });
    else last.set(e.runId, { ...seen, attempts });
  }
  return [...last.values()]
    .sort((a, b) => a.runId - b.runId)
    .map((r) => ({
      runId: r.runId,
      url: r.url,
      workflowName: r.workflowName,
      attempts: r.attempts,
      conclusion: r.conclusion ?? r.status,
      evidence: (evidence.get(r.runId) ?? []).filter((p) => !p.endsWith('.md') || paths.includes(p)),
    }));
}

function renderIndex(title: string, now: Date, files: readonly IndexedFile[], runs: readonly IndexedRun[]): string {
  const lines = [
    `# Evidence index: ${title}`,
    '',
    `Generated ${now.toISOString()}. Every file of this bundle with its SHA-256; check them with \`opsguard evidence verify DIR\` (or \`sha256sum\`).`,
    '',
    '## Files',
    '',
    '| file | bytes | sha256 |',
    '|---|---:|---|',
    ...files.map((f) => `| [${f.path}](${encodeLink(f.path)}) | ${f.bytes} | \`${f.sha256}\` |`),
    '',
  ];
  if (runs.length > 0) {
    lines.push(
      '## Runs',
      '',
      'Every run of [RUNS_SUMMARY.json](RUNS_SUMMARY.json) (its last attempt), linked to GitHub and to its evidence here.',
      '',
      '| run | workflow | attempts | conclusion | evidence |',
      '|---|---|---:|---|---|',
      ...runs.map(
        (r) =>
          `| [${r.runId}](${r.url}) | ${cell(r.workflowName)} | ${r.attempts} | ${cell(r.conclusion)} | ${r.evidence
            .map((p) => `[${p.startsWith('artifacts/') ? 'artifacts' : (p.split('/').pop() ?? p)}](${encodeLink(p)})`)
            .join(' · ')} |`,
      ),
      '',
    );
  }
  return lines.join('\n');
}

export interface IndexOptions {
  /**
   * Files this writer (re)wrote: only these, and files the previous index did not list, are
   * hashed again. A file the previous index lists that nobody rewrote keeps its recorded hash,
   * so an edit made outside OpsGuard stays visible to `verify` instead of being blessed.
   * Undefined: every file is hashed afresh (a new bundle).
   */
  readonly written?: readonly string[];
}

async function previousIndex(bundleDir: string): Promise<ParsedIndex | null> {
  try {
    return parseEvidenceIndex(await readFile(join(bundleDir, INDEX_FILE), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Writes `_evidence_index.md`: every file with its size and SHA-256, linked relatively, then
 * every run of RUNS_SUMMARY.json linked to GitHub and to its artifacts and tickets (the doc
 * linker: the index and the summary never disagree). Call it under the bundle lock.
 */
export async function writeEvidenceIndex(
  bundleDir: string,
  title: string,
  now: Date,
  options: IndexOptions = {},
): Promise<{ files: IndexedFile[]; sha256: string }> {
  const previous = options.written === undefined ? null : await previousIndex(bundleDir);
  const known = new Map((previous?.files ?? []).map((f) => [f.path, f]));
  const written = new Set(options.written ?? []);
  const paths = await listBundlePaths(bundleDir);
  const files: IndexedFile[] = [];
  for (const path of paths) {
    const old = known.get(path);
    if (old && !written.has(path)) {
      files.push({ path, bytes: old.bytes, sha256: old.sha256 });
      continue;
    }
    const full = join(bundleDir, path);
    files.push({ path, bytes: (await stat(full)).size, sha256: await sha256File(full) });
  }
  // A listed file that vanished stays listed: deleting evidence must not go unnoticed.
  for (const [path, old] of known)
    if (!paths.includes(path)) files.push({ path, bytes: old.bytes, sha256: old.sha256 });
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const text = renderIndex(title, now, files, await indexedRuns(bundleDir, paths));
  await writeFileAtomic(join(bundleDir, INDEX_FILE), text);
  return { files, sha256: createHash('sha256').update(text).digest('hex') };
}

/**
 * After a writer changed some files of a bundle that already has an index: the index gets their
 * new sizes and hashes (and nothing else is re-blessed). No index yet: nothing to do, the bundle
 * writer indexes everything when it runs. Call it under the bundle lock.
 */
export async function refreshEvidenceIndex(
  bundleDir: string,
  changed: readonly string[],
  now: Date,
): Promise<{ files: IndexedFile[]; sha256: string } | null> {
  const previous = await previousIndex(bundleDir);
  if (!previous) return null;
  return writeEvidenceIndex(bundleDir, previous.title, now, { written: changed });
}
