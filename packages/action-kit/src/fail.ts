import { isConfigurationError, toError } from '@opsguard/core';
import { markFailed } from './workflow-commands.js';

/**
 * Ends the step as failed for ANY thrown value (not only Errors). A user's mistake reads as one
 * line with a fix; anything else keeps its cause.
 */
export function fail(thrown: unknown): void {
  const error = toError(thrown);
  if (isConfigurationError(error)) {
    markFailed(`Configuration error: ${error.message}`);
    return;
  }
  // A thrown non-Error is already in the message (toError wrapped it): print it once.
  const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : '';
  markFailed(`${error.message}${cause}`);
}

/** The body of every action's `run()`: work, and fail the step on anything thrown. */
export async function runAction(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (thrown) {
    fail(thrown);
  }
}
