import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import { ConfigFileError, type ConfigProblem, type ConfigProblemKind } from './config-error.js';

type Schema = Readonly<Record<string, unknown>>;

// ajv-formats is CommonJS; under NodeNext its default import may arrive wrapped.
const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as (
  ajv: Ajv,
) => Ajv;

const compiled = new WeakMap<Schema, ValidateFunction>();

function validatorFor(schema: Schema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The JSON type of a value, as JSON Schema names it. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function kindOf(error: ErrorObject): ConfigProblemKind {
  if (error.keyword === 'required') return 'missing-key';
  if (error.keyword === 'additionalProperties') return 'unknown-key';
  return 'wrong-value';
}

const RANK: Readonly<Record<ConfigProblemKind, number>> = { 'wrong-value': 0, 'unknown-key': 1, 'missing-key': 2 };

function valueAt(document: unknown, pointer: string): unknown {
  let current: unknown = document;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function expectedFor(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `no property "${String(p['additionalProperty'])}" (not in the schema)`;
    case 'required':
      return `property "${String(p['missingProperty'])}"`;
    case 'enum':
      return `one of ${(p['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return String(p['type']);
    default:
      return error.message ?? error.keyword;
  }
}

function toProblem(document: unknown, error: ErrorObject): ConfigProblem {
  const p = error.params as Record<string, unknown>;
  const path =
    error.keyword === 'additionalProperties'
      ? `${error.instancePath}/${String(p['additionalProperty'])}`
      : error.instancePath;
  const value = valueAt(document, path);
  const found =
    error.keyword === 'required'
      ? 'nothing'
      : error.keyword === 'type'
        ? `${jsonType(value)} ${describeFound(value)}`
        : describeFound(value);
  return { kind: kindOf(error), path: path === '' ? '/' : path, expected: expectedFor(error), found };
}

/** Wrong values first, then unknown keys, then missing ones; the schema's order within each. */
export function rankProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => RANK[a.problem.kind] - RANK[b.problem.kind] || a.index - b.index)
    .map(({ problem }) => problem);
}

/** Validates a parsed document against its JSON Schema; throws ConfigFileError naming `file`. */
export function validateConfig<T>(document: unknown, schema: Schema, file: string): T {
  const validate = validatorFor(schema);
  if (!validate(document)) {
    // An `if` failing only says "the `then` did not match": the `then`'s own errors say what is wrong.
    const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
    throw new ConfigFileError(file, rankProblems(errors.map((e) => toProblem(document, e))));
  }
  return document as T;
}

/** Parses JSON text, reporting a syntax error with the file name and line. */
export function parseConfigText(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfigFileError(file, [{ kind: 'wrong-value', path: '/', expected: 'valid JSON', found: message }]);
  }
}
