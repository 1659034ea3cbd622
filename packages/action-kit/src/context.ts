import { ConfigurationError } from '@opsguard/core';
import { readFileSync } from 'node:fs';

/** The few facts of the workflow run an action needs, read from the runner's environment. */
export interface RunContext {
  /** `owner/name` of the repository the workflow runs in. */
  readonly repository: string | undefined;
  /** Who acts, for audit records: `octocat via CI (run 42)`. */
  readonly actor: string;
  readonly eventName: string | undefined;
  /** The event payload (`GITHUB_EVENT_PATH`), or an empty object outside a runner. */
  readonly payload: Readonly<Record<string, unknown>>;
}

function readPayload(path: string | undefined): Readonly<Record<string, unknown>> {
  if (!path) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch (error) {
    throw new ConfigurationError(
      `cannot read the event payload at GITHUB_EVENT_PATH (${path}): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

export function runContext(env: Readonly<Record<string, string | undefined>> = process.env): RunContext {
  const who = env['GITHUB_ACTOR'] ?? 'unknown';
  const workflow = env['GITHUB_WORKFLOW'] ?? 'a workflow';
  const run = env['GITHUB_RUN_ID'] ? ` (run ${env['GITHUB_RUN_ID']})` : '';
  return {
    repository: env['GITHUB_REPOSITORY'],
    actor: `${who} via ${workflow}${run}`,
    eventName: env['GITHUB_EVENT_NAME'],
    payload: readPayload(env['GITHUB_EVENT_PATH']),
  };
}

/** A nested value of the payload, e.g. `payloadValue(ctx, 'workflow_run', 'id')`. */
export function payloadValue(context: RunContext, ...path: readonly string[]): unknown {
  let value: unknown = context.payload;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
