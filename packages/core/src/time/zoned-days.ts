import { assertTimeZone, reportDate } from './report-date.js';

/** Offset of `timeZone` from UTC at an instant, in ms (Tokyo: +9 h). */
export function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instantMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** The UTC instant at which calendar day `date` (YYYY-MM-DD) begins in `timeZone`. */
export function startOfZonedDay(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d);
  // Two rounds settle the offset across a DST change near midnight.
  let guess = naive - zoneOffsetMs(naive, timeZone);
  guess = naive - zoneOffsetMs(guess, timeZone);
  return guess;
}

export interface ZonedDay {
  readonly date: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** The last `count` calendar days in `timeZone` ending with the day containing `now`, oldest first. */
export function lastZonedDays(now: Date, count: number, timeZone: string): ZonedDay[] {
  assertTimeZone(timeZone);
  const days: ZonedDay[] = [];
  let date = reportDate(now, timeZone);
  let endMs = startOfZonedDay(date, timeZone) + 86_400_000;
  // Walk back from today; a DST day is 23 or 25 hours, so each start is computed, not subtracted.
  endMs = startOfZonedDay(reportDate(new Date(endMs + 3_600_000 * 3), timeZone), timeZone);
  for (let i = 0; i < count; i++) {
    const startMs = startOfZonedDay(date, timeZone);
    days.unshift({ date, startMs, endMs });
    endMs = startMs;
    date = reportDate(new Date(startMs - 3_600_000 * 3), timeZone);
  }
  return days;
}
