import { integerInput, runContext, secretInput } from '@opsguard/action-kit';
import { ConfigurationError } from '@opsguard/core';

export interface VerifySettings {
  readonly secrets: readonly string[];
  readonly toleranceMs: number;
  readonly clientPayload: unknown;
}

/** Every input read once, and the event checked to be a repository_dispatch, before verifying. */
export function readSettings(env: Readonly<Record<string, string | undefined>> = process.env): VerifySettings {
  const raw = secretInput('secrets', { required: true }) ?? '';
  const secrets = raw
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const toleranceSeconds = integerInput('tolerance-seconds', { min: 1, max: 3600, fallback: 300 });
  const context = runContext(env);
  if (context.eventName !== 'repository_dispatch') {
    throw new ConfigurationError(
      `verify-dispatch checks repository_dispatch events; this run was started by ${context.eventName ?? 'no event'}`,
    );
  }
  return { secrets, toleranceMs: toleranceSeconds * 1000, clientPayload: context.payload['client_payload'] };
}
