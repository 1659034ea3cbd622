import type { Readable, Writable } from 'node:stream';
import { ConfigurationError, createSanitizer, type Sanitizer } from '@opsguard/core';
import { loadMaskRules } from '@opsguard/config';
import { booleanOption, stringOption } from '../args.js';
import { writeLine, type CliCommand } from '../command.js';

/** Writes and waits for `drain` when the destination is full, so memory stays flat on big inputs. */
async function write(out: Writable, text: string): Promise<void> {
  if (text.length === 0) return;
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

async function sanitizeStream(input: Readable, out: Writable, sanitizer: Sanitizer): Promise<void> {
  const stream = sanitizer.stream();
  input.setEncoding('utf8');
  for await (const chunk of input as AsyncIterable<string>) await write(out, stream.write(chunk));
  await write(out, stream.end());
}

function maskRecord(line: string, lineNo: number, sanitizer: Sanitizer): string {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    throw new ConfigurationError(`stdin line ${lineNo}: not JSON (--jsonl expects {"id", "text"} per line)`);
  }
  const { id, text } = (record ?? {}) as { id?: unknown; text?: unknown };
  if (typeof text !== 'string') throw new ConfigurationError(`stdin line ${lineNo}: "text" must be a string`);
  return `${JSON.stringify({ id, masked: sanitizer.sanitize(text) })}\n`;
}

async function sanitizeJsonl(input: Readable, out: Writable, sanitizer: Sanitizer): Promise<void> {
  input.setEncoding('utf8');
  let carry = '';
  let lineNo = 0;
  for await (const chunk of input as AsyncIterable<string>) {
    const lines = (carry + chunk).split('\n');
    carry = lines.pop() ?? '';
    const parts: string[] = [];
    for (const line of lines) {
      lineNo++;
      if (line.trim() !== '') parts.push(maskRecord(line, lineNo, sanitizer));
    }
    await write(out, parts.join(''));
  }
  if (carry.trim() !== '') await write(out, maskRecord(carry, lineNo + 1, sanitizer));
}

export const sanitizeCommand: CliCommand = {
  name: 'sanitize',
  summary: 'Mask secrets in text from stdin (logs, JSONL records), streaming, with counts per kind',
  usage: 'opsguard sanitize [--jsonl] [--rules FILE] [--counts] < input > output',
  options: {
    jsonl: { type: 'boolean', description: 'read {"id","text"} lines, write {"id","masked"} lines' },
    rules: {
      type: 'string',
      description: 'mask-rules JSON file merged over config/mask-rules.json',
      valueName: 'FILE',
    },
    counts: {
      type: 'boolean',
      description: 'print how many secrets of each kind were masked to stderr (never values)',
    },
  },
  async run(values, positionals, io) {
    if (positionals.length > 0)
      throw new ConfigurationError(`sanitize reads stdin; unexpected argument "${positionals[0]}"`);
    const config = await loadMaskRules(stringOption(values, 'rules'));
    const sanitizer = createSanitizer({
      rules: config.rules,
      allowlist: config.allowlist,
      ...(config.minValueLength !== undefined ? { minValueLength: config.minValueLength } : {}),
    });
    if (booleanOption(values, 'jsonl')) await sanitizeJsonl(io.stdin, io.stdout, sanitizer);
    else await sanitizeStream(io.stdin, io.stdout, sanitizer);
    if (booleanOption(values, 'counts')) {
      const counts = Object.entries(sanitizer.counts()).sort(([a], [b]) => a.localeCompare(b));
      if (counts.length === 0) writeLine(io.stderr, 'no secrets masked');
      for (const [kind, n] of counts) writeLine(io.stderr, `${kind}\t${n}`);
    }
    return 0;
  },
};
