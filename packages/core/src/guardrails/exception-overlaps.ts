import { globCovers } from './arn-pattern.js';
import type { GuardrailExceptions, TimeWindow, Weekday } from './guardrail-types.js';
import { clockMinutes } from './time-windows.js';

/** One mistake in a guardrail policy file, at a JSON pointer. */
export interface GuardrailConfigProblem {
  readonly path: string;
  readonly expected: string;
  readonly found: string;
}

/** A set of exceptions and where it sits in the file (`/exceptions`, `/policies/2/exceptions`). */
export interface ExceptionSet {
  readonly path: string;
  readonly exceptions: GuardrailExceptions;
}

interface Located<T> {
  readonly path: string;
  readonly value: T;
}

function located<T>(
  sets: readonly ExceptionSet[],
  pick: (e: GuardrailExceptions) => readonly T[] | undefined,
  key: string,
) {
  return sets.flatMap((set) =>
    (pick(set.exceptions) ?? []).map((value, i) => ({ path: `${set.path}/${key}/${i}`, value })),
  );
}

function overlap(path: string, other: string, found: string): GuardrailConfigProblem {
  return { path, expected: `an exception that does not overlap ${other}`, found };
}

function accountOverlaps(sets: readonly ExceptionSet[]): GuardrailConfigProblem[] {
  const seen = new Map<string, string>();
  const problems: GuardrailConfigProblem[] = [];
  for (const { path, value } of located(sets, (e) => e.accounts, 'accounts')) {
    const first = seen.get(value);
    if (first) problems.push(overlap(path, first, `account ${value} listed twice`));
    else seen.set(value, path);
  }
  return problems;
}

function principalOverlaps(sets: readonly ExceptionSet[]): GuardrailConfigProblem[] {
  const entries: Located<string>[] = located(sets, (e) => e.principals, 'principals');
  const problems: GuardrailConfigProblem[] = [];
  for (let j = 0; j < entries.length; j++) {
    const b = entries[j] as Located<string>;
    for (let i = 0; i < j; i++) {
      const a = entries[i] as Located<string>;
      if (globCovers(a.value, b.value)) {
        problems.push(overlap(b.path, a.path, `"${b.value}" is already covered by "${a.value}"`));
        break;
      }
      if (globCovers(b.value, a.value)) {
        problems.push(overlap(b.path, a.path, `"${b.value}" covers "${a.value}", which is then redundant`));
        break;
      }
    }
  }
  return problems;
}

const WEEKEND: readonly Weekday[] = ['sat', 'sun'];

/** The local day-minutes a recurring window covers, per weekday (holidays are dates, not weekdays). */
function weeklySpans(window: TimeWindow): ReadonlyMap<Weekday, readonly [number, number]> {
  const spans = new Map<Weekday, readonly [number, number]>();
  if (window.type === 'weekends') for (const day of WEEKEND) spans.set(day, [0, 24 * 60]);
  if (window.type === 'business_hours') {
    const start = clockMinutes(window.start);
    const end = clockMinutes(window.end);
    if (start !== null && end !== null && start < end) for (const day of window.days) spans.set(day, [start, end]);
  }
  return spans;
}

function formatMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function windowOverlaps(sets: readonly ExceptionSet[]): GuardrailConfigProblem[] {
  const windows = located(sets, (e) => e.timeWindows, 'timeWindows');
  const problems: GuardrailConfigProblem[] = [];
  const dates = new Map<string, string>();
  for (let j = 0; j < windows.length; j++) {
    const b = windows[j] as Located<TimeWindow>;
    if (b.value.type === 'holidays') {
      b.value.dates.forEach((date, k) => {
        const first = dates.get(date);
        if (first) problems.push(overlap(`${b.path}/dates/${k}`, first, `holiday ${date} listed twice`));
        else dates.set(date, `${b.path}/dates/${k}`);
      });
      continue;
    }
    const bSpans = weeklySpans(b.value);
    for (let i = 0; i < j; i++) {
      const a = windows[i] as Located<TimeWindow>;
      const hit = [...weeklySpans(a.value)].find(([day, [s, e]]) => {
        const other = bSpans.get(day);
        return other !== undefined && other[0] < e && s < other[1];
      });
      if (hit) {
        const [day, [s, e]] = hit;
        const [bs, be] = bSpans.get(day) as readonly [number, number];
        const from = formatMinutes(Math.max(s, bs));
        const to = formatMinutes(Math.min(e, be));
        problems.push(
          overlap(b.path, a.path, `"${b.value.name}" and "${a.value.name}" both cover ${day} ${from}–${to}`),
        );
        break;
      }
    }
  }
  return problems;
}

/**
 * Exceptions that overlap: a duplicate account or holiday, a principal pattern another one
 * already covers, two recurring windows open at the same time. Each is redundant at best and a
 * sign of a mistake at worst, so the file is refused with the path of the later entry. A policy's
 * own exceptions are checked together with the file's (pass both sets, file first).
 */
export function findExceptionOverlaps(sets: readonly ExceptionSet[]): GuardrailConfigProblem[] {
  return [...accountOverlaps(sets), ...principalOverlaps(sets), ...windowOverlaps(sets)];
}
