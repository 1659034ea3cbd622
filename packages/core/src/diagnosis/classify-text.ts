import type { CompiledCause, CompiledRetryPolicy } from './compile-policy.js';

export const UNKNOWN_CAUSE = 'unknown';

export interface TextClassification {
  readonly cause: string;
  readonly transient: boolean;
  /** The lines that matched the cause, trimmed, at most five. */
  readonly evidence: readonly string[];
}

const MAX_EVIDENCE = 5;
const MAX_LINE = 2000;
const MAX_EVIDENCE_LINE = 300;
// GitHub's log timestamps and workflow-command prefixes, so patterns may anchor at the message.
const LINE_PREFIX = /^\uFEFF?(?:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z\s?)?(?:##\[(?:error|warning|notice)\])?/;

function cleanLine(raw: string): string {
  const line = raw.replace(LINE_PREFIX, '');
  return line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line;
}

function evidenceLine(line: string): string {
  const trimmed = line.trim();
  return trimmed.length > MAX_EVIDENCE_LINE ? `${trimmed.slice(0, MAX_EVIDENCE_LINE - 1)}…` : trimmed;
}

/** Every cause that matches some line of the text, with its matching lines, in policy order. */
export function matchCauses(compiled: CompiledRetryPolicy, text: string): Map<CompiledCause, string[]> {
  const found = new Map<CompiledCause, string[]>();
  for (const raw of text.split(/\r?\n/)) {
    const line = cleanLine(raw);
    if (line.trim() === '') continue;
    for (const cause of compiled.causes) {
      if (!cause.patterns.some((p) => p.test(line)) || cause.excludes.some((p) => p.test(line))) continue;
      const lines = found.get(cause);
      if (lines) lines.push(line);
      else found.set(cause, [line]);
    }
  }
  return new Map(compiled.causes.filter((c) => found.has(c)).map((c) => [c, found.get(c) ?? []]));
}

/**
 * The deciding cause among those that matched: a deterministic cause beats any transient one
 * (a re-run cannot fix a failing test, even beside a network blip), unless a cause it names in
 * `overriddenBy` matched too; within a kind, policy order decides.
 */
export function decideCause(matched: ReadonlyMap<CompiledCause, readonly string[]>): CompiledCause | undefined {
  const names = new Set([...matched.keys()].map((c) => c.name));
  const standing = [...matched.keys()].filter((c) => !c.overriddenBy.some((o) => names.has(o)));
  return standing.find((c) => !c.transient) ?? standing.find((c) => c.transient);
}

/** Classifies one log text (or excerpt). No matching cause → `unknown`, not transient. */
export function classifyText(compiled: CompiledRetryPolicy, text: string): TextClassification {
  const matched = matchCauses(compiled, text);
  const cause = decideCause(matched);
  if (!cause) return { cause: UNKNOWN_CAUSE, transient: false, evidence: [] };
  const evidence = [...new Set((matched.get(cause) ?? []).map(evidenceLine))].slice(0, MAX_EVIDENCE);
  return { cause: cause.name, transient: cause.transient, evidence };
}
