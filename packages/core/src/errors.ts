/**
 * A user's mistake (bad input, bad config, missing permission): reported as one line saying what
 * and how to fix it, apart from failures. Guards by `name` survive duplicated bundles where
 * `instanceof` does not.
 */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

export function isConfigurationError(value: unknown): value is ConfigurationError {
  return value instanceof Error && value.name === 'ConfigurationError';
}

/** Turns any thrown value into an Error, keeping the original as `cause`. */
export function toError(value: unknown): Error {
  // The tag check also accepts errors from another realm (a VM context, a test sandbox).
  if (value instanceof Error || Object.prototype.toString.call(value) === '[object Error]') return value as Error;
  if (typeof value === 'string') return new Error(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return new Error(`non-error thrown: ${text}`, { cause: value });
}
