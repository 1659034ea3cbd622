// GitHub's REST timestamps are UTC ISO-8601 to the second; log lines carry 7 fractional digits.

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function iso(ms: number): string {
  return new Date(Math.floor(ms / SECOND) * SECOND).toISOString().replace('.000Z', 'Z');
}

/** `2026-11-14T09:12:33.4821937Z`, the stamp at the start of every job log line. */
export function logStamp(ms: number, fraction: number): string {
  const base = new Date(Math.floor(ms / SECOND) * SECOND).toISOString().slice(0, 19);
  return `${base}.${String(fraction).padStart(7, '0')}Z`;
}
