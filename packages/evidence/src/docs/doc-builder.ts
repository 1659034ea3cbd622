import { duration, num, pct } from '../dashboard/format.js';

/**
 * Generated documents state numbers that come from a JSON file of the bundle. Each number is
 * written through this builder, which records where it sits (line, column) and where it came from
 * (a JSON pointer into the source file), so `verify` can check that every number a document
 * states equals its JSON, and name the line when it does not.
 */
export type NumberFormat = 'int' | 'pct' | 'duration' | 'num';

export interface DocNumber {
  readonly kind: 'doc-number';
  readonly value: number | null;
  /** RFC 6901 pointer into the document's source JSON. */
  readonly pointer: string;
  readonly format: NumberFormat;
}

/** A number of the source JSON, to be written into a generated document. */
export function docNumber(value: number | null, pointer: string, format: NumberFormat = 'int'): DocNumber {
  return { kind: 'doc-number', value, pointer, format };
}

/** How a JSON value is written in a document; null when the value cannot be a stated number. */
export function formatNumber(value: unknown, format: NumberFormat): string | null {
  if (value === null) return '–';
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  switch (format) {
    case 'int':
      return Number.isInteger(value) ? String(value) : null;
    case 'pct':
      return pct(value);
    case 'duration':
      return duration(value);
    case 'num':
      return num(value);
  }
}

/** The text a format can take, to read back what a (possibly edited) document says. */
export const NUMBER_TOKEN: Readonly<Record<NumberFormat, RegExp>> = {
  int: /^(?:–|-?\d+)/,
  pct: /^(?:–|-?\d+(?:\.\d+)?%)/,
  duration: /^(?:–|\d+h \d{2}m|\d+m \d{2}s|\d+s)/,
  num: /^(?:–|-?\d+(?:\.\d+)?)/,
};

export interface NumberRef {
  /** 1-based. */
  readonly line: number;
  /** 0-based, in UTF-16 code units of the line. */
  readonly column: number;
  readonly text: string;
  readonly pointer: string;
  readonly format: NumberFormat;
}

/** A document ready to write: its text, its source JSON (a bundle path) and its numbers. */
export interface GeneratedDocument {
  /** Inside the bundle, `/`-separated. */
  readonly path: string;
  /** The JSON file (inside the bundle) every stated number comes from. */
  readonly source: string;
  readonly text: string;
  readonly numbers: readonly NumberRef[];
}

type Part = string | number | DocNumber | null | undefined;

export class DocBuilder {
  private readonly lines: string[] = [];
  private readonly numbers: NumberRef[] = [];

  /** One line; `${docNumber(…)}` parts are recorded, anything else is text. */
  line(strings: TemplateStringsArray, ...parts: readonly Part[]): this {
    const items: Part[] = [];
    strings.forEach((literal, i) => {
      items.push(literal);
      if (i < parts.length) items.push(parts[i]);
    });
    return this.join(items);
  }

  /** One line from text and numbers in order (for lines whose shape depends on the data). */
  join(items: readonly Part[]): this {
    let text = '';
    for (const part of items) {
      if (part !== null && typeof part === 'object' && part.kind === 'doc-number') {
        const rendered = formatNumber(part.value, part.format) ?? String(part.value);
        this.numbers.push({
          line: this.lines.length + 1,
          column: text.length,
          text: rendered,
          pointer: part.pointer,
          format: part.format,
        });
        text += rendered;
      } else {
        text += part === null || part === undefined ? '' : String(part);
      }
    }
    this.lines.push(text);
    return this;
  }

  /** Plain lines (no number to check in them). */
  text(...lines: readonly string[]): this {
    for (const line of lines) for (const part of line.split('\n')) this.lines.push(part);
    return this;
  }

  build(path: string, source: string): GeneratedDocument {
    return { path, source, text: `${this.lines.join('\n')}\n`, numbers: [...this.numbers] };
  }
}

/**
 * The document with every line sanitised. A line the sanitiser changed has its numbers found
 * again (the same occurrence of the same text), so the positions stay true; a number the
 * sanitiser swallowed is dropped from the checks rather than reported falsely.
 */
export function sanitizeDocument(doc: GeneratedDocument, sanitize: (text: string) => string): GeneratedDocument {
  const original = doc.text.split('\n');
  const clean = original.map((line) => sanitize(line));
  const numbers: NumberRef[] = [];
  for (const ref of doc.numbers) {
    const before = original[ref.line - 1] ?? '';
    const after = clean[ref.line - 1] ?? '';
    if (before === after) {
      numbers.push(ref);
      continue;
    }
    const nth = occurrencesBefore(before, ref.text, ref.column);
    let at = -1;
    for (let i = 0; i <= nth; i++) {
      at = after.indexOf(ref.text, at + 1);
      if (at < 0) break;
    }
    if (at >= 0) numbers.push({ ...ref, column: at });
  }
  return { ...doc, text: clean.join('\n'), numbers };
}

function occurrencesBefore(line: string, text: string, column: number): number {
  let count = 0;
  for (let at = line.indexOf(text); at >= 0 && at < column; at = line.indexOf(text, at + 1)) count++;
  return count;
}

/** The value at an RFC 6901 pointer, or undefined. */
export function valueAtPointer(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  let current: unknown = document;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A pointer segment for a key that may hold `/` or `~`. */
export const pointerKey = (key: string | number) => String(key).replaceAll('~', '~0').replaceAll('/', '~1');
