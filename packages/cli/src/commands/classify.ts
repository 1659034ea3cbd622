import {
  classifyText,
  compileRetryPolicy,
  retryProfileOf,
  toError,
  type RetryProfile,
  type CompiledRetryPolicy,
  type TextClassification,
} from '@opsguard/core';
import { loadRetryPolicy } from '@opsguard/config';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { booleanOption, stringOption } from '../args.js';
import { writeLine, type CliCommand, type CliIo } from '../command.js';

type Label = 'transient' | 'deterministic';

/** Transient, and (with a profile) one of the causes the profile re-runs. */
const retried = (result: TextClassification, profile: RetryProfile | undefined): boolean =>
  result.transient && (profile === undefined || profile.causes.includes(result.cause));
const labelOf = (result: TextClassification, profile?: RetryProfile): Label =>
  retried(result, profile) ? 'transient' : 'deterministic';

async function readAll(stream: Readable): Promise<string> {
  const chunks: string[] = [];
  stream.setEncoding('utf8');
  for await (const chunk of stream) chunks.push(String(chunk));
  return chunks.join('');
}

/** The text of one JSONL record: `log_excerpt` (the eval format), or `text`/`log`. */
function textOf(record: Record<string, unknown>): string | undefined {
  for (const key of ['log_excerpt', 'text', 'log']) {
    const value = record[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** One output line per input line, in order; a malformed line is reported and skipped. */
async function classifyJsonl(
  compiled: CompiledRetryPolicy,
  profile: RetryProfile | undefined,
  io: CliIo,
): Promise<number> {
  let bad = 0;
  let lineNo = 0;
  for await (const line of createInterface({ input: io.stdin, crlfDelay: Infinity })) {
    lineNo += 1;
    if (line.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line) as unknown;
    } catch (error) {
      bad += 1;
      writeLine(io.stderr, `stdin line ${lineNo}: not JSON (${toError(error).message})`);
      continue;
    }
    const text =
      record !== null && typeof record === 'object' && !Array.isArray(record)
        ? textOf(record as Record<string, unknown>)
        : undefined;
    if (text === undefined) {
      bad += 1;
      writeLine(io.stderr, `stdin line ${lineNo}: expected an object with a "log_excerpt" string`);
      continue;
    }
    const result = classifyText(compiled, text);
    writeLine(
      io.stdout,
      JSON.stringify({
        id: (record as Record<string, unknown>)['id'] ?? null,
        label: labelOf(result, profile),
        cause: result.cause,
      }),
    );
  }
  return bad === 0 ? 0 : 1;
}

export const classifyCommand: CliCommand = {
  name: 'classify',
  summary: 'Classify a failed job log (stdin) as transient (worth a re-run) or deterministic, with its cause',
  usage: 'opsguard classify [--jsonl | --json] [--policy FILE] [--profile conservative|infra] < log.txt',
  options: {
    jsonl: { type: 'boolean', description: 'read {"id","log_excerpt"} lines, write {"id","label","cause"} lines' },
    json: { type: 'boolean', description: 'print the verdict for the whole of stdin as JSON' },
    policy: { type: 'string', description: 'your retry policy JSON (merged over the bundled one)', valueName: 'FILE' },
    profile: {
      type: 'string',
      description: 'label as this retry profile would act: transient only for the failures it re-runs',
      valueName: 'NAME',
    },
  },
  async run(values, _positionals, io) {
    const policyFile = stringOption(values, 'policy');
    const policy = await loadRetryPolicy(policyFile === undefined ? undefined : resolve(io.cwd, policyFile));
    const compiled = compileRetryPolicy(policy);
    const profileName = stringOption(values, 'profile');
    const profile = profileName === undefined ? undefined : retryProfileOf(policy, profileName);
    if (booleanOption(values, 'jsonl')) return classifyJsonl(compiled, profile, io);
    const result = classifyText(compiled, await readAll(io.stdin));
    if (booleanOption(values, 'json')) {
      writeLine(
        io.stdout,
        JSON.stringify(
          {
            label: labelOf(result, profile),
            cause: result.cause,
            transient: result.transient,
            ...(profile !== undefined ? { profile: profile.name, retried: retried(result, profile) } : {}),
            evidence: result.evidence,
          },
          null,
          2,
        ),
      );
      return 0;
    }
    const why = retried(result, profile)
      ? 'worth an automatic re-run'
      : result.transient && profile !== undefined
        ? `transient, but the "${profile.name}" profile re-runs only ${profile.families.join(', ')} failures`
        : result.cause === 'unknown'
          ? 'not recognised: never re-run blindly'
          : 're-running would fail the same way';
    const heading = result.transient && !retried(result, profile) ? 'transient, not re-run' : labelOf(result, profile);
    writeLine(io.stdout, `${heading}: ${result.cause} (${why})`);
    for (const line of result.evidence) writeLine(io.stdout, `  ${line}`);
    return 0;
  },
};
