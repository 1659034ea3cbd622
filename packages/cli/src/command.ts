import type { Readable, Writable } from 'node:stream';

/** What a command touches of the outside world, injected so tests drive it in-process. */
export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Injected clock. */
  readonly now: () => Date;
}

export type OptionSpec =
  | { readonly type: 'boolean'; readonly description: string; readonly short?: string }
  | {
      readonly type: 'string';
      readonly description: string;
      readonly short?: string;
      readonly multiple?: boolean;
      readonly default?: string;
      readonly valueName?: string;
    };

export type ParsedValues = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  /** e.g. `opsguard killswitch <status|activate|deactivate> [options]` */
  readonly usage: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /**
   * The positional arguments it takes, by name (e.g. `['status|activate|deactivate']`); none
   * when absent. More than these is a usage error before the command runs.
   */
  readonly positionals?: readonly string[];
  /** Exit code: 0 done, 1 failed or refused (a bad value named, nothing changed); see EXIT in main.ts. */
  run(values: ParsedValues, positionals: readonly string[], io: CliIo): Promise<number>;
}

export function writeLine(stream: Writable, text = ''): void {
  stream.write(`${text}\n`);
}
