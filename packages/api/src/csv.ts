import { stringify } from 'csv-stringify/sync';
import type { ApiRow } from '@opsguard/store';

/** Cells as CSV shows them: JSON values (labels, details, evidence) as JSON text. */
export function csvCell(value: ApiRow[string]): string | number | boolean | null {
  if (value === null || typeof value !== 'object') return value ?? null;
  return JSON.stringify(value);
}

/** RFC 4180 CSV with a header row (csv-stringify does the quoting). */
export function toCsv(columns: readonly string[], rows: readonly ApiRow[], header = true): string {
  return stringify(
    rows.map((row) => columns.map((c) => csvCell(row[c] ?? null))),
    { header, columns: [...columns], record_delimiter: 'windows' },
  );
}
