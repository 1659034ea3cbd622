import { toError } from '@opsguard/core';
import { getRepoVariable, isMissingPermission, type GitHubRequester, type RepoRef } from '@opsguard/github';
import type { KillVariableReader } from '@opsguard/guard';

/**
 * How this process learns `OPSGUARD_KILL`. An action cannot default an input to
 * `${{ vars.OPSGUARD_KILL }}` (the runner evaluates input defaults with the github, strategy,
 * matrix, job and runner contexts only), and GITHUB_TOKEN cannot read variables through the API;
 * so the value is taken, in this order, from the `kill-variable` input, from `OPSGUARD_KILL` in
 * the job's environment, and else through the API when the token may read it.
 */
export type KillVariableSetting =
  | { readonly kind: 'value'; readonly value: string | null; readonly from: 'input' | 'environment' }
  | { readonly kind: 'api' };

/** The input, else the environment, else the API: one rule for the actions and the CLI. */
export function killVariableSetting(
  input: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): KillVariableSetting {
  if (input !== undefined) return { kind: 'value', value: input, from: 'input' };
  const fromEnv = env['OPSGUARD_KILL'];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { kind: 'value', value: fromEnv, from: 'environment' };
  return { kind: 'api' };
}

/**
 * The reader for a setting. For the API it probes once: a token that may not read variables
 * (GITHUB_TOKEN) makes the variable invisible (null, and the job summary says so) rather than
 * refusing everything; any other failure to read it refuses, now and on every later read.
 */
export async function killVariableReader(
  setting: KillVariableSetting,
  client: GitHubRequester,
  repo: RepoRef,
  log: (line: string) => void,
): Promise<KillVariableReader | null> {
  if (setting.kind === 'value') return { source: setting.from, read: async () => setting.value };
  const read = () => getRepoVariable(client, repo, 'OPSGUARD_KILL');
  try {
    await read();
  } catch (error) {
    if (
      isMissingPermission(error) ||
      (typeof error === 'object' && error !== null && 'status' in error && error.status === 403)
    ) {
      log(
        'OPSGUARD_KILL is not visible to this token (GitHub answered 403): pass kill-variable: ${{ vars.OPSGUARD_KILL }} or set OPSGUARD_KILL in the job environment',
      );
      return null;
    }
    log(`OPSGUARD_KILL could not be read (${toError(error).message}): every change is refused`);
  }
  return { source: 'api', read };
}
