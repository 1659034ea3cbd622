/**
 * The only variables of the runner's environment OpsGuard reads: where the API and the web UI
 * are (GHES sets both) and the `OPSGUARD_KILL` brake a workflow may export for every step.
 */
export const RUNNER_VARIABLES = ['GITHUB_API_URL', 'GITHUB_SERVER_URL', 'OPSGUARD_KILL'] as const;

export function runnerEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Readonly<Record<string, string | undefined>> {
  const picked: Record<string, string | undefined> = {};
  for (const name of RUNNER_VARIABLES) if (env[name] !== undefined) picked[name] = env[name];
  return picked;
}
