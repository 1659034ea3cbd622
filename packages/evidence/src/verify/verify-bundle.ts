import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, normalize, relative } from 'node:path';
import { runFigures } from '../bundle/audit-figures.js';
import { AUDIT_SUMMARY_JSON } from '../bundle/audit-summary.js';
import type { RetryManifestEntry, RunSummaryEntry } from '../bundle/entries.js';
import { INDEX_FILE, listBundlePaths, parseEvidenceIndex } from '../bundle/evidence-index.js';
import type { RecordFile } from '../bundle/record-file.js';
import { formatNumber, NUMBER_TOKEN, valueAtPointer, type NumberRef } from '../docs/doc-builder.js';
import { GENERATED_DOCUMENTS_FILE, type RegisteredDocument } from '../docs/generated-documents.js';
import { parseCapabilityLog } from '../logs/capability-log.js';

/** One thing `verify` found wrong; `file` is a bundle path, `line` 1-based when known. */
export type VerifyProblem =
  | { readonly kind: 'missing_index' }
  | {
      readonly kind: 'hash_mismatch';
      readonly file: string;
      readonly line: number;
      readonly expected: string;
      readonly actual: string;
    }
  | {
      readonly kind: 'size_mismatch';
      readonly file: string;
      readonly line: number;
      readonly expected: number;
      readonly actual: number;
    }
  | { readonly kind: 'missing_file'; readonly file: string; readonly line: number }
  | { readonly kind: 'unlisted_file'; readonly file: string }
  | { readonly kind: 'broken_link'; readonly file: string; readonly line: number; readonly target: string }
  | { readonly kind: 'run_not_linked'; readonly file: string; readonly runId: number }
  | { readonly kind: 'run_not_in_summary'; readonly file: string; readonly line: number; readonly runId: number }
  | {
      readonly kind: 'run_url_mismatch';
      readonly file: string;
      readonly line: number;
      readonly runId: number;
      readonly index: string;
      readonly summary: string;
    }
  | { readonly kind: 'duplicate_entry'; readonly file: string; readonly key: string }
  | { readonly kind: 'invalid_json'; readonly file: string; readonly reason: string }
  | { readonly kind: 'invalid_log_line'; readonly file: string; readonly line: number }
  | {
      readonly kind: 'number_mismatch';
      readonly file: string;
      readonly line: number;
      readonly stated: string;
      readonly expected: string;
      readonly source: string;
      readonly pointer: string;
    }
  | {
      readonly kind: 'no_number_in_source';
      readonly file: string;
      readonly line: number;
      readonly source: string;
      readonly pointer: string;
    }
  | {
      readonly kind: 'figure_mismatch';
      readonly file: string;
      readonly pointer: string;
      readonly stated: number | null;
      readonly recounted: number;
      readonly from: string;
    };

export interface VerifyReport {
  readonly ok: boolean;
  readonly problems: readonly VerifyProblem[];
  readonly checked: {
    readonly files: number;
    readonly links: number;
    readonly runs: number;
    readonly documents: number;
    readonly numbers: number;
    readonly figures: number;
  };
}

/** `FILE:LINE: what` — one line a problem, naming the place and both values. */
export function formatProblem(p: VerifyProblem): string {
  switch (p.kind) {
    case 'missing_index':
      return `${INDEX_FILE}: missing (not a bundle, or its index was deleted)`;
    case 'hash_mismatch':
      return `${p.file}: edited after it was written: sha256 ${p.actual}, the index (${INDEX_FILE}:${p.line}) lists ${p.expected}`;
    case 'size_mismatch':
      return `${p.file}: edited after it was written: ${p.actual} bytes, the index (${INDEX_FILE}:${p.line}) lists ${p.expected}`;
    case 'missing_file':
      return `${p.file}: listed in ${INDEX_FILE}:${p.line} but missing`;
    case 'unlisted_file':
      return `${p.file}: not listed in ${INDEX_FILE}`;
    case 'broken_link':
      return `${p.file}:${p.line}: link to ${p.target} does not resolve`;
    case 'run_not_linked':
      return `${INDEX_FILE}: run ${p.runId} of ${p.file} is not linked`;
    case 'run_not_in_summary':
      return `${INDEX_FILE}:${p.line}: run ${p.runId} is not in ${p.file}`;
    case 'run_url_mismatch':
      return `${INDEX_FILE}:${p.line}: run ${p.runId} links ${p.index}, ${p.file} says ${p.summary}`;
    case 'duplicate_entry':
      return `${p.file}: entry ${p.key} appears more than once`;
    case 'invalid_json':
      return `${p.file}: not valid JSON (${p.reason})`;
    case 'invalid_log_line':
      return `${p.file}:${p.line}: not a JSON event line`;
    case 'number_mismatch':
      return `${p.file}:${p.line}: states ${p.stated}, ${p.source} ${p.pointer} gives ${p.expected}`;
    case 'no_number_in_source':
      return `${p.file}:${p.line}: ${p.source} has no number at ${p.pointer}`;
    case 'figure_mismatch':
      return `${p.file}: ${p.pointer} states ${p.stated ?? 'nothing'}, recounted from ${p.from}: ${p.recounted}`;
  }
}

type Json = { ok: true; value: unknown } | { ok: false; reason: string } | { ok: false; reason: 'missing' };

async function readJson(full: string): Promise<Json> {
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch {
    return { ok: false, reason: 'missing' };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const LINK = /\[[^\]]*\]\(([^)\s]+)\)/g;

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}

/** Relative links of a Markdown file that do not resolve inside the bundle. */
async function checkLinks(bundleDir: string, file: string, text: string, problems: VerifyProblem[]): Promise<number> {
  let count = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    for (const match of (lines[i] ?? '').matchAll(LINK)) {
      const target = match[1] ?? '';
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
      count++;
      let path: string;
      try {
        path = decodeURIComponent(target.split('#')[0]?.split('?')[0] ?? '');
      } catch {
        problems.push({ kind: 'broken_link', file, line: i + 1, target });
        continue;
      }
      const full = normalize(join(bundleDir, dirname(file), path));
      const inside = !relative(bundleDir, full).startsWith('..');
      if (!inside || !(await exists(full))) problems.push({ kind: 'broken_link', file, line: i + 1, target });
    }
  }
  return count;
}

function statedAt(line: string, ref: NumberRef): string {
  const rest = line.slice(ref.column);
  return NUMBER_TOKEN[ref.format].exec(rest)?.[0] ?? (rest.slice(0, Math.max(ref.text.length, 1)) || '(nothing)');
}

function checkNumbers(doc: RegisteredDocument, text: string, source: unknown, problems: VerifyProblem[]): number {
  const lines = text.split('\n');
  for (const ref of doc.numbers) {
    const expected = formatNumber(valueAtPointer(source, ref.pointer), ref.format);
    if (expected === null) {
      problems.push({
        kind: 'no_number_in_source',
        file: doc.path,
        line: ref.line,
        source: doc.source,
        pointer: ref.pointer,
      });
      continue;
    }
    const stated = statedAt(lines[ref.line - 1] ?? '', ref);
    if (stated !== expected) {
      problems.push({
        kind: 'number_mismatch',
        file: doc.path,
        line: ref.line,
        stated,
        expected,
        source: doc.source,
        pointer: ref.pointer,
      });
    }
  }
  return doc.numbers.length;
}

function duplicates(
  file: string,
  entries: readonly { runId: number; attempt: number }[],
  problems: VerifyProblem[],
): void {
  const seen = new Set<string>();
  for (const e of entries) {
    const key = `${e.runId}:${e.attempt}`;
    if (seen.has(key)) problems.push({ kind: 'duplicate_entry', file, key });
    seen.add(key);
  }
}

function recount(summary: unknown, runs: readonly RunSummaryEntry[], problems: VerifyProblem[]): number {
  const figures = runFigures(runs);
  const checks: [string, number][] = [
    ['/figures/runs', figures.runs],
    ['/figures/attempts', figures.attempts],
    ['/figures/failedFinal', figures.failedFinal],
    ['/figures/recovered', figures.recovered],
    ...Object.entries(figures.byConclusion).map(([k, n]): [string, number] => [`/figures/byConclusion/${k}`, n]),
    ...Object.entries(figures.failedByCause).map(([k, n]): [string, number] => [`/figures/failedByCause/${k}`, n]),
  ];
  for (const [pointer, recounted] of checks) {
    const stated = valueAtPointer(summary, pointer);
    if (stated !== recounted) {
      problems.push({
        kind: 'figure_mismatch',
        file: AUDIT_SUMMARY_JSON,
        pointer,
        stated: typeof stated === 'number' ? stated : null,
        recounted,
        from: 'RUNS_SUMMARY.json',
      });
    }
  }
  return checks.length;
}

/**
 * The doc linker's check of one day's bundle: every file listed in `_evidence_index.md` with a
 * SHA-256 that matches (an edit after writing shows), every file listed, every relative link of
 * every Markdown file resolving, every run of RUNS_SUMMARY.json linked from the index (and no
 * other), no duplicate run id + attempt, every number of every registered generated document
 * equal to its source JSON, and AUDIT_SUMMARY.json's run figures equal to a recount.
 */
export async function verifyBundle(bundleDir: string): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const checked = { files: 0, links: 0, runs: 0, documents: 0, numbers: 0, figures: 0 };
  const done = (): VerifyReport => ({ ok: problems.length === 0, problems, checked });
  let indexText: string;
  try {
    indexText = await readFile(join(bundleDir, INDEX_FILE), 'utf8');
  } catch {
    problems.push({ kind: 'missing_index' });
    return done();
  }
  const index = parseEvidenceIndex(indexText);
  const paths = await listBundlePaths(bundleDir);
  const listed = new Set(index.files.map((f) => f.path));
  for (const f of index.files) {
    checked.files++;
    let bytes: Buffer;
    try {
      bytes = await readFile(join(bundleDir, f.path));
    } catch {
      problems.push({ kind: 'missing_file', file: f.path, line: f.line });
      continue;
    }
    if (bytes.length !== f.bytes)
      problems.push({ kind: 'size_mismatch', file: f.path, line: f.line, expected: f.bytes, actual: bytes.length });
    else if (sha256(bytes) !== f.sha256)
      problems.push({ kind: 'hash_mismatch', file: f.path, line: f.line, expected: f.sha256, actual: sha256(bytes) });
  }
  for (const path of paths) if (!listed.has(path)) problems.push({ kind: 'unlisted_file', file: path });

  for (const path of [INDEX_FILE, ...paths.filter((p) => p.endsWith('.md'))]) {
    const text = path === INDEX_FILE ? indexText : await readFile(join(bundleDir, path), 'utf8');
    checked.links += await checkLinks(bundleDir, path, text, problems);
  }

  const runsFile = await readJson(join(bundleDir, 'RUNS_SUMMARY.json'));
  let runs: RunSummaryEntry[] = [];
  if (runsFile.ok) {
    runs = [...((runsFile.value as RecordFile<RunSummaryEntry>).entries ?? [])];
    duplicates('RUNS_SUMMARY.json', runs, problems);
    const urls = new Map(runs.map((r) => [r.runId, r.url]));
    const linked = new Map(index.runs.map((r) => [r.runId, r]));
    for (const [runId, url] of urls) {
      checked.runs++;
      const row = linked.get(runId);
      if (!row) problems.push({ kind: 'run_not_linked', file: 'RUNS_SUMMARY.json', runId });
      else if (row.url !== url)
        problems.push({
          kind: 'run_url_mismatch',
          file: 'RUNS_SUMMARY.json',
          line: row.line,
          runId,
          index: row.url,
          summary: url,
        });
    }
    for (const row of index.runs) {
      if (!urls.has(row.runId))
        problems.push({ kind: 'run_not_in_summary', file: 'RUNS_SUMMARY.json', line: row.line, runId: row.runId });
    }
  } else if (runsFile.reason !== 'missing')
    problems.push({ kind: 'invalid_json', file: 'RUNS_SUMMARY.json', reason: runsFile.reason });

  const manifest = await readJson(join(bundleDir, 'AUTO_RETRY_MANIFEST.json'));
  if (manifest.ok)
    duplicates('AUTO_RETRY_MANIFEST.json', (manifest.value as RecordFile<RetryManifestEntry>).entries ?? [], problems);
  else if (manifest.reason !== 'missing')
    problems.push({ kind: 'invalid_json', file: 'AUTO_RETRY_MANIFEST.json', reason: manifest.reason });

  const registry = await readJson(join(bundleDir, GENERATED_DOCUMENTS_FILE));
  if (registry.ok) {
    for (const doc of (registry.value as RecordFile<RegisteredDocument>).entries ?? []) {
      checked.documents++;
      const text = await readFile(join(bundleDir, doc.path), 'utf8').catch(() => null);
      const source = await readJson(join(bundleDir, doc.source));
      if (text === null) continue; // reported as a missing file above
      if (!source.ok) {
        problems.push({ kind: 'invalid_json', file: doc.source, reason: source.reason });
        continue;
      }
      checked.numbers += checkNumbers(doc, text, source.value, problems);
    }
  } else if (registry.reason !== 'missing')
    problems.push({ kind: 'invalid_json', file: GENERATED_DOCUMENTS_FILE, reason: registry.reason });

  const summary = await readJson(join(bundleDir, AUDIT_SUMMARY_JSON));
  if (summary.ok && runsFile.ok) checked.figures += recount(summary.value, runs, problems);

  for (const path of paths.filter((p) => /^logs\/[a-z]+_log_\d{8}\.log$/.test(p))) {
    for (const line of parseCapabilityLog(await readFile(join(bundleDir, path), 'utf8'))) {
      if (line.kind === 'invalid') problems.push({ kind: 'invalid_log_line', file: path, line: line.line });
    }
  }
  for (const path of paths.filter((p) => p.endsWith('.json') && p.startsWith('audit_tickets/'))) {
    const ticket = await readJson(join(bundleDir, path));
    if (!ticket.ok) problems.push({ kind: 'invalid_json', file: path, reason: ticket.reason });
  }
  return done();
}
