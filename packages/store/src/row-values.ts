import type { JsonObject, JsonValue } from '@opsguard/core';

/**
 * Typed reads of one column. `pg` returns timestamptz as Date and int8 as string, PGlite and
 * PostgREST return their own shapes; these readers accept each and fail loudly on anything else,
 * so a schema drift shows up as a clear error instead of a wrong value.
 */
type Row = Readonly<Record<string, unknown>>;

function fail(column: string, expected: string, value: unknown): never {
  throw new TypeError(
    `store row: column ${column} should be ${expected}, got ${JSON.stringify(value) ?? typeof value}`,
  );
}

export function text(row: Row, column: string): string {
  const value = row[column];
  return typeof value === 'string' ? value : fail(column, 'text', value);
}

export function optText(row: Row, column: string): string | null {
  const value = row[column];
  return value === null || value === undefined ? null : text(row, column);
}

export function num(row: Row, column: string): number {
  const value = row[column];
  const n =
    typeof value === 'number' ? value : typeof value === 'string' || typeof value === 'bigint' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : fail(column, 'a number', value);
}

export function optNum(row: Row, column: string): number | null {
  const value = row[column];
  return value === null || value === undefined ? null : num(row, column);
}

export function bool(row: Row, column: string): boolean {
  const value = row[column];
  return typeof value === 'boolean' ? value : fail(column, 'a boolean', value);
}

export function iso(row: Row, column: string): string {
  const value = row[column];
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : fail(column, 'a timestamp', value);
}

export function optIso(row: Row, column: string): string | null {
  const value = row[column];
  return value === null || value === undefined ? null : iso(row, column);
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** jsonb object; PGlite/pg parse jsonb, but a text column holding JSON is accepted too. */
export function jsonObject(row: Row, column: string): JsonObject {
  const raw = row[column];
  const value: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
  return isJsonObject(value) ? value : fail(column, 'a json object', raw);
}

export function optJsonObject(row: Row, column: string): JsonObject | null {
  const value = row[column];
  return value === null || value === undefined ? null : jsonObject(row, column);
}

export function stringArray(row: Row, column: string): string[] {
  const raw = row[column];
  const value: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
  return Array.isArray(value) && value.every((v: JsonValue) => typeof v === 'string')
    ? (value as string[])
    : fail(column, 'a json array of strings', raw);
}

export function asRow(value: unknown, what: string): Row {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Row;
  throw new TypeError(`store: ${what} returned ${JSON.stringify(value) ?? typeof value}, expected an object`);
}
