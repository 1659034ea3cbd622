import type { CliCommand } from './command.js';

export function commandHelp(command: CliCommand): string {
  const lines = [`Usage: ${command.usage}`, '', command.summary, ''];
  const entries = Object.entries(command.options);
  if (entries.length > 0) lines.push('Options:');
  for (const [name, spec] of entries) {
    const flag = spec.short ? `-${spec.short}, --${name}` : `    --${name}`;
    const value = spec.type === 'string' ? ` <${spec.valueName ?? 'value'}>` : '';
    const def = spec.type === 'string' && spec.default !== undefined ? ` (default: ${spec.default})` : '';
    lines.push(`  ${(flag + value).padEnd(30)} ${spec.description}${def}`);
  }
  lines.push(`  ${'-h, --help'.padEnd(30)} show this help`);
  return lines.join('\n');
}

export function mainHelp(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'Usage: opsguard <command> [options]',
    '',
    'Self-healing, auditable operations for GitHub Actions and AWS.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    "Run `opsguard <command> --help` for a command's options.",
    '',
    'Exit codes: 0 done; 1 failed or refused (what is wrong is named, nothing is changed);',
    '2 the command line is malformed (no or an unknown command, an unknown option).',
  ].join('\n');
}
