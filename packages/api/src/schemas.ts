import { API_TABLE_SPECS, KPI_COLUMNS, type ApiTable, type ColumnType } from '@opsguard/store';

/** JSON Schemas of the routes: Fastify validates requests and serialises answers with them, and
 * @fastify/swagger writes the same schemas into the OpenAPI document, so the two cannot drift. */
type Schema = Record<string, unknown>;

const COLUMN_SCHEMA: Readonly<Record<ColumnType, Schema>> = {
  text: { type: ['string', 'null'] },
  int: { type: ['integer', 'null'] },
  float: { type: ['number', 'null'] },
  bool: { type: ['boolean', 'null'] },
  time: { type: ['string', 'null'], format: 'date-time' },
  json: {},
};

export function rowSchema(columns: Readonly<Record<string, ColumnType>>): Schema {
  return {
    type: 'object',
    additionalProperties: false,
    required: Object.keys(columns),
    properties: Object.fromEntries(Object.entries(columns).map(([name, type]) => [name, COLUMN_SCHEMA[type]])),
  };
}

export const tableRowSchema = (table: ApiTable): Schema => rowSchema(API_TABLE_SPECS[table].columns);
export const kpiRowSchema: Schema = rowSchema(KPI_COLUMNS);

export const problemSchema: Schema = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'detail'],
  additionalProperties: true,
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    reason: { type: 'string', description: 'Machine-readable refusal reason (intake)' },
    audit_id: { type: 'string' },
  },
};

const filterProperties: Schema = {
  repository: { type: 'string', description: 'OWNER/NAME' },
  workflow: { type: 'string', description: 'Workflow name' },
  since: { type: 'string', format: 'date-time', description: 'Inclusive, on the table time column' },
  until: { type: 'string', format: 'date-time', description: 'Exclusive' },
};

export const listQuerySchema: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...filterProperties,
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100, description: 'Rows per page' },
    cursor: { type: 'string', description: 'next_cursor of the previous page' },
    format: { type: 'string', enum: ['json', 'csv'], description: 'Overrides the Accept header' },
  },
};

export const kpiQuerySchema: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...filterProperties,
    branch: { type: 'string', default: 'main', description: 'Default branch for MTTR' },
    format: { type: 'string', enum: ['json', 'csv'], description: 'Overrides the Accept header' },
  },
};

const problemRef = { $ref: 'Problem#' };
export const problemResponses = (...codes: number[]): Schema =>
  Object.fromEntries(
    codes.map((code) => [
      code,
      { description: 'Problem details', content: { 'application/problem+json': { schema: problemRef } } },
    ]),
  );

export function pageResponse(table: ApiTable): Schema {
  return {
    description: 'One page; `next_cursor` (and a Link rel="next" header) while more rows follow',
    content: {
      'application/json': {
        schema: {
          type: 'object',
          additionalProperties: false,
          required: ['data', 'next_cursor'],
          properties: {
            data: { type: 'array', items: tableRowSchema(table) },
            next_cursor: { type: ['string', 'null'] },
          },
        },
      },
      'text/csv': { schema: { type: 'string', description: 'Header row, then one row per record' } },
    },
  };
}
