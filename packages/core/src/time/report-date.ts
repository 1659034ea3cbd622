import { ConfigurationError } from '../errors.js';

export const DEFAULT_TIME_ZONE = 'Asia/Tokyo';

/** Throws a ConfigurationError unless `timeZone` is an IANA zone this runtime knows. */
export function assertTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    throw new ConfigurationError(`unknown time zone "${timeZone}" (use an IANA name such as Asia/Tokyo or UTC)`);
  }
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone: the evidence folder's name. */
export function reportDate(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: assertTimeZone(timeZone),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** UTC ISO-8601, the only timestamp format written inside evidence. */
export function isoUtc(instant: Date): string {
  return instant.toISOString();
}
