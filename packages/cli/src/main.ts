import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isConfigurationError, toError } from '@opsguard/core';
import type { CliCommand, CliIo } from './command.js';
import { writeLine } from './command.js';
import { positionalProblem } from './args.js';
import { commandLoaders } from './commands/index.js';
import { commandHelp, mainHelp } from './help.js';

async function loadAll(): Promise<CliCommand[]> {
  return Promise.all(Object.values(commandLoaders).map((load) => load()));
}

function parseOptions(command: CliCommand, argv: readonly string[]) {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, spec] of Object.entries(command.options)) {
    options[name] =
      spec.type === 'boolean'
        ? { type: 'boolean', ...(spec.short ? { short: spec.short } : {}) }
        : {
            type: 'string',
            ...(spec.short ? { short: spec.short } : {}),
            ...(spec.multiple ? { multiple: true } : {}),
            ...(spec.default !== undefined ? { default: spec.default } : {}),
          };
  }
  return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
}

/**
 * Exit codes: 0 done; 1 failed or refused — a bad value (an unknown scope or verb, a plan hash
 * that does not match, a missing permission) is named and nothing is changed, as in the actions;
 * 2 the command line itself is malformed (no or an unknown command, an unknown option).
 */
export const EXIT = { ok: 0, failed: 1, malformed: 2 } as const;

/** A mistake in how the command was called: what, its usage, where to look. */
function usageError(io: CliIo, command: CliCommand, message: string, code: number): number {
  writeLine(io.stderr, `opsguard ${command.name}: ${message}`);
  writeLine(io.stderr, `Usage: ${command.usage}`);
  writeLine(io.stderr, `Run \`opsguard ${command.name} --help\` for its options.`);
  return code;
}

/** Runs one CLI invocation; returns the exit code (see EXIT). */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (rest.length === 0) {
      writeLine(io.stdout, mainHelp(await loadAll()));
      return name === undefined ? EXIT.malformed : EXIT.ok;
    }
    // `opsguard help kpi` is `opsguard kpi --help`; anything else after help is a mistake.
    const loadOne = rest.length === 1 ? commandLoaders[rest[0] ?? ''] : undefined;
    if (loadOne) {
      writeLine(io.stdout, commandHelp(await loadOne()));
      return 0;
    }
    writeLine(
      io.stderr,
      `opsguard ${name}: unexpected argument(s) ${rest.map((a) => `"${a}"`).join(' ')}: give one command, ` +
        `one of ${Object.keys(commandLoaders).join(', ')}`,
    );
    return 2;
  }
  const load = commandLoaders[name];
  if (!load) {
    writeLine(io.stderr, `opsguard: unknown command "${name}". Commands: ${Object.keys(commandLoaders).join(', ')}`);
    return 2;
  }
  const command = await load();
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(command, rest);
  } catch (error) {
    return usageError(io, command, toError(error).message, EXIT.malformed);
  }
  if (parsed.values['help'] === true) {
    writeLine(io.stdout, commandHelp(command));
    return 0;
  }
  const problem = positionalProblem(command, parsed.positionals);
  // A verb or operand the command does not know is a bad value, like a bad --scope.
  if (problem !== null) return usageError(io, command, problem, EXIT.failed);
  try {
    return await command.run(parsed.values, parsed.positionals, io);
  } catch (error) {
    const err = toError(error);
    if (isConfigurationError(err)) {
      writeLine(io.stderr, `opsguard ${name}: ${err.message}`);
      return EXIT.failed;
    }
    writeLine(io.stderr, `opsguard ${name} failed: ${err.message}`);
    if (err.cause !== undefined) writeLine(io.stderr, `  cause: ${toError(err.cause).message}`);
    return 1;
  }
}
