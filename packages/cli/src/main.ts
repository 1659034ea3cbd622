import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isConfigurationError, toError } from '@opsguard/core';
import type { CliCommand, CliIo } from './command.js';
import { writeLine } from './command.js';
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

/** Runs one CLI invocation; returns the exit code (0 ok, 1 failure, 2 usage/configuration). */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    writeLine(io.stdout, mainHelp(await loadAll()));
    return name === undefined ? 2 : 0;
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
    writeLine(io.stderr, `opsguard ${name}: ${toError(error).message}`);
    writeLine(io.stderr, `Run \`opsguard ${name} --help\` for its options.`);
    return 2;
  }
  if (parsed.values['help'] === true) {
    writeLine(io.stdout, commandHelp(command));
    return 0;
  }
  try {
    return await command.run(parsed.values, parsed.positionals, io);
  } catch (error) {
    const err = toError(error);
    if (isConfigurationError(err)) {
      writeLine(io.stderr, `opsguard ${name}: ${err.message}`);
      return 2;
    }
    writeLine(io.stderr, `opsguard ${name} failed: ${err.message}`);
    if (err.cause !== undefined) writeLine(io.stderr, `  cause: ${toError(err.cause).message}`);
    return 1;
  }
}
