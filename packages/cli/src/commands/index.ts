import type { CliCommand } from '../command.js';

/**
 * Every subcommand, loaded lazily so `opsguard classify` never pays for PGlite or Octokit.
 * Add one line per capability.
 */
export const commandLoaders: Readonly<Record<string, () => Promise<CliCommand>>> = {
  killswitch: async () => (await import('./killswitch.js')).killswitchCommand,
};
