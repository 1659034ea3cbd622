import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigurationError } from '@opsguard/core';
import { choiceOption, stringOption } from '../args.js';
import { writeLine, type CliCommand, type CliIo } from '../command.js';

async function readAll(stream: CliIo['stdin']): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

export const signCommand: CliCommand = {
  name: 'sign',
  summary:
    'Sign a JSON body for the intake (Standard Webhooks or X-Hub-Signature-256): prints the headers or a curl command',
  usage:
    'opsguard sign [--file F] [--secret-env NAME] [--style standard|github] [--id ID] [--idempotency-key K] [--curl URL]',
  options: {
    file: { type: 'string', description: 'the body to sign (default: stdin), sent exactly as read', valueName: 'F' },
    'secret-env': {
      type: 'string',
      description: 'environment variable holding the secret',
      default: 'OPSGUARD_INTAKE_SECRET',
      valueName: 'NAME',
    },
    style: {
      type: 'string',
      description: 'standard (webhook-id/-timestamp/-signature) or github',
      default: 'standard',
      valueName: 'S',
    },
    id: { type: 'string', description: 'delivery id (default: a random UUID)', valueName: 'ID' },
    'idempotency-key': { type: 'string', description: 'also send Idempotency-Key', valueName: 'K' },
    curl: { type: 'string', description: 'print a curl command that posts it to this URL', valueName: 'URL' },
  },
  async run(values, positionals, io) {
    if (positionals.length > 0)
      throw new ConfigurationError(`sign reads --file or stdin; unexpected "${positionals[0]}"`);
    const variable = stringOption(values, 'secret-env') ?? 'OPSGUARD_INTAKE_SECRET';
    const secret = io.env[variable];
    if (!secret)
      throw new ConfigurationError(
        `set ${variable} to the source's secret (or name another variable with --secret-env)`,
      );
    const file = stringOption(values, 'file');
    const body = file ? await readFile(resolve(io.cwd, file)) : await readAll(io.stdin);
    try {
      JSON.parse(body.toString('utf8'));
    } catch {
      throw new ConfigurationError(`${file ?? 'stdin'} is not JSON: the intake accepts JSON bodies only`);
    }
    const { signPayload } = await import('@opsguard/webhook-signature');
    const id = stringOption(values, 'id');
    const key = stringOption(values, 'idempotency-key');
    const headers = signPayload({
      body,
      secret,
      style: choiceOption(values, 'style', ['standard', 'github'] as const) ?? 'standard',
      timestamp: io.now(),
      ...(id !== undefined && { id }),
      ...(key !== undefined && { idempotencyKey: key }),
    });
    const url = stringOption(values, 'curl');
    if (url === undefined) {
      writeLine(io.stdout, JSON.stringify(headers, null, 2));
      return 0;
    }
    const flags = Object.entries(headers).map(([name, value]) => `-H ${quote(`${name}: ${value}`)}`);
    writeLine(
      io.stdout,
      [
        'curl -sS -X POST',
        "-H 'content-type: application/json'",
        ...flags,
        `--data-binary ${quote(body.toString('utf8'))}`,
        quote(url),
      ].join(' \\\n  '),
    );
    return 0;
  },
};
