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
  const cause = error.cause === undefined ? '' : ` (cause: ${toError(error.cause).message})`;
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
