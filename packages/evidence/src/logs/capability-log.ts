import type { JsonObject } from '@opsguard/core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../bundle/atomic-file.js';
import { withBundleLock } from '../bundle/bundle-lock.js';
import { refreshEvidenceIndex } from '../bundle/evidence-index.js';
import { DEFAULT_LOCK_OPTIONS, type LockOptions } from '../bundle/file-lock.js';
import { sanitizeDeep } from '@opsguard/core';

/** The capabilities that keep a daily log in `logs/` (the specification's four logs). */
export type Capability = 'detection' | 'retry' | 'notification' | 'killswitch' | 'guardrail';

export const CAPABILITIES: readonly Capability[] = ['detection', 'retry', 'notification', 'killswitch', 'guardrail'];

/** One event: one JSON line of `logs/<capability>_log_YYYYMMDD.log`. */
export interface CapabilityEvent {
  /** When it happened, UTC ISO-8601. */
  readonly at: string;
  /** What happened, e.g. `anomaly`, `decision`, `delivery`, `activated`. */
  readonly event: string;
  /**
   * Stable id of the event. An event whose id is already in the day's log is not written again,
   * so copying a store's history (the kill-switch log) into the bundle twice adds nothing.
   */
  readonly id?: string;
  /** The event's fields; they sit beside `at`/`capability`/`event` on the line. */
  readonly data: JsonObject;
}

export interface AppendEventsInput {
  /** The day's bundle folder, `…/reports/YYYY-MM-DD`. */
  readonly bundleDir: string;
  /** The folder's date (YYYY-MM-DD in the report time zone); names the log file. */
  readonly date: string;
  readonly capability: Capability;
  readonly events: readonly CapabilityEvent[];
  /** Every string of every event passes here before it touches disk. */
  readonly sanitize: (text: string) => string;
  readonly now: Date;
  readonly lock?: LockOptions;
}

export interface AppendEventsResult {
  /** Inside the bundle, `/`-separated. */
  readonly path: string;
  readonly appended: number;
  /** Events left out because their id was already in the log. */
  readonly duplicates: number;
  readonly total: number;
}

/** `logs/retry_log_20261201.log` for capability `retry` on 2026-12-01. */
export function capabilityLogPath(capability: Capability, date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`date must be YYYY-MM-DD, got "${date}"`);
  return `logs/${capability}_log_${date.replaceAll('-', '')}.log`;
}

/** One parsed line of a capability log; lines that are not JSON objects are kept as they are. */
export type CapabilityLogLine =
  | { readonly kind: 'event'; readonly line: number; readonly value: Readonly<Record<string, unknown>> }
  | { readonly kind: 'invalid'; readonly line: number; readonly text: string };

export function parseCapabilityLog(text: string): CapabilityLogLine[] {
  const out: CapabilityLogLine[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    try {
      const value = JSON.parse(raw) as unknown;
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        out.push({ kind: 'event', line: i + 1, value: value as Record<string, unknown> });
        return;
      }
    } catch {
      // reported below as invalid
    }
    out.push({ kind: 'invalid', line: i + 1, text: raw });
  });
  return out;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/**
 * Appends events to the day's log of a capability, one sanitised JSON line each. Safe for
 * concurrent processes: under the bundle's lock the log is read, the new lines added and the
 * whole file replaced atomically (a process killed mid-write leaves the previous log), then
 * the evidence index (when the bundle has one) gets the log's new size and SHA-256.
 */
export async function appendCapabilityEvents(input: AppendEventsInput): Promise<AppendEventsResult> {
  const path = capabilityLogPath(input.capability, input.date);
  const full = join(input.bundleDir, path);
  const lock = input.lock ?? DEFAULT_LOCK_OPTIONS;
  return withBundleLock(
    input.bundleDir,
    async () => {
      const existing = await readText(full);
      const known = new Set<string>();
      for (const line of parseCapabilityLog(existing)) {
        if (line.kind === 'event' && typeof line.value['id'] === 'string') known.add(line.value['id']);
      }
      const lines: string[] = [];
      let duplicates = 0;
      for (const event of input.events) {
        const id = event.id === undefined ? undefined : input.sanitize(event.id);
        if (id !== undefined && known.has(id)) {
          duplicates++;
          continue;
        }
        if (id !== undefined) known.add(id);
        const data = sanitizeDeep(event.data, input.sanitize);
        // The envelope's keys come last: an event's data can never fake its time or capability.
        const record = {
          ...data,
          at: event.at,
          capability: input.capability,
          event: input.sanitize(event.event),
          ...(id !== undefined && { id }),
        };
        lines.push(JSON.stringify(record));
      }
      const total = parseCapabilityLog(existing).length + lines.length;
      if (lines.length > 0) {
        const head = existing === '' || existing.endsWith('\n') ? existing : `${existing}\n`;
        await writeFileAtomic(full, `${head}${lines.join('\n')}\n`);
        await refreshEvidenceIndex(input.bundleDir, [path], input.now);
      }
      return { path, appended: lines.length, duplicates, total };
    },
    lock,
  );
}
