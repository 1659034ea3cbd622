import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/*
 * The synchronous half of the runner protocol (inputs, masks, log commands, outputs), written
 * out here so an action that fails on a bad input exits without loading @actions/core, whose
 * HTTP client pulls in ~400 KB of undici: cold start is the cost every run pays. The same
 * documented formats as @actions/core; the job summary still goes through it (lazily).
 */

/** `%`, CR and LF are the characters a workflow command's message must escape. */
const escapeData = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

function command(name: string, message: string): void {
  process.stdout.write(`::${name}::${escapeData(message)}${EOL}`);
}

/** An input as the runner passes it (`INPUT_<NAME>`, spaces as underscores), trimmed. */
export function readInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** Every line of a secret is masked in the log from here on. */
export function addMask(secret: string): void {
  for (const line of secret.split(/\r?\n/)) if (line.trim() !== '') command('add-mask', line);
}

export const logInfo = (message: string): void => void process.stdout.write(`${message}${EOL}`);
export const logWarning = (message: string): void => command('warning', message);
export const logError = (message: string): void => command('error', message);

/** Writes one output to GITHUB_OUTPUT with a random heredoc delimiter (multi-line safe). */
export function writeOutput(name: string, value: string): void {
  const file = process.env['GITHUB_OUTPUT'];
  if (!file) {
    logInfo(`output ${name}=${value}`);
    return;
  }
  // Web Crypto is global in Node 24: no node:crypto load on the start-up path.
  const delimiter = `ghadelimiter_${globalThis.crypto.randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter)) throw new Error(`output ${name} contains its delimiter`);
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
}

/** Marks the step failed: an error annotation and exit code 1. */
export function markFailed(message: string): void {
  process.exitCode = 1;
  logError(message);
}
