import { assertTimeZone } from '../time/report-date.js';
import type { TimeWindow, Weekday } from './guardrail-types.js';

/** An instant as a wall clock in a time zone: what business hours and holidays are written in. */
export interface LocalTime {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly weekday: Weekday;
  /** Minutes since local midnight. */
  readonly minutes: number;
}

const WEEKDAYS: Readonly<Record<string, Weekday>> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};

export function localTime(instant: Date, timeZone: string): LocalTime {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: assertTimeZone(timeZone),
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    weekday: WEEKDAYS[get('weekday')] ?? 'mon',
    minutes: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

/** `HH:MM` (00:00–24:00) to minutes since midnight, or null when malformed. */
export function clockMinutes(text: string): number | null {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 24 * 60 ? minutes : null;
}

/** True when `window` is open at `local`. */
export function windowIsOpen(window: TimeWindow, local: LocalTime): boolean {
  switch (window.type) {
    case 'weekends':
      return local.weekday === 'sat' || local.weekday === 'sun';
    case 'holidays':
      return window.dates.includes(local.date);
    case 'business_hours': {
      const start = clockMinutes(window.start);
      const end = clockMinutes(window.end);
      if (start === null || end === null) return false;
      return window.days.includes(local.weekday) && local.minutes >= start && local.minutes < end;
    }
  }
}
