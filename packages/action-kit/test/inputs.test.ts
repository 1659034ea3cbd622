import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isConfigurationError } from '@opsguard/core';
import {
  booleanInput,
  choiceInput,
  integerInput,
  listInput,
  requiredInput,
  runAction,
  setOutputs,
} from '../src/index.js';

// Inputs reach an action as INPUT_<NAME> variables; outputs go to the file GITHUB_OUTPUT names.
const saved = { ...process.env };
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'action-kit-'));
  for (const file of ['output', 'state', 'summary']) writeFileSync(join(dir, file), '');
  process.env['GITHUB_OUTPUT'] = join(dir, 'output');
  process.env['GITHUB_STEP_SUMMARY'] = join(dir, 'summary');
  process.exitCode = undefined;
});
afterEach(() => {
  process.env = { ...saved };
  process.exitCode = undefined;
});

function setInput(name: string, value: string): void {
  process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
}

function caught(work: () => unknown): Error {
  try {
    work();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('typed inputs', () => {
  it('names a missing required input as a configuration error', () => {
    const error = caught(() => requiredInput('run-id'));
    expect(isConfigurationError(error)).toBe(true);
    expect(error.message).toBe('input "run-id" is required and was not supplied');
  });

  it('reads booleans by YAML rules and rejects anything else', () => {
    setInput('shadow', 'True');
    expect(booleanInput('shadow', false)).toBe(true);
    setInput('shadow', 'enabled');
    expect(caught(() => booleanInput('shadow', false)).message).toBe(
      'input "shadow" must be true or false, not "enabled"',
    );
    setInput('shadow', '');
    expect(booleanInput('shadow', true)).toBe(true);
  });

  it('validates integers and their range instead of falling back', () => {
    setInput('max-attempts', '0');
    expect(integerInput('max-attempts', { min: 0, max: 10, fallback: 3 })).toBe(0);
    setInput('max-attempts', '3.5');
    expect(caught(() => integerInput('max-attempts', { min: 1, max: 10, fallback: 3 })).message).toContain(
      'whole number',
    );
    setInput('max-attempts', '99');
    expect(caught(() => integerInput('max-attempts', { min: 1, max: 10, fallback: 3 })).message).toBe(
      'input "max-attempts" must be between 1 and 10, not 99',
    );
  });

  it('reads choices and lists', () => {
    setInput('scope', 'service');
    expect(choiceInput('scope', ['global', 'service', 'action'], 'global')).toBe('service');
    setInput('scope', 'planet');
    expect(caught(() => choiceInput('scope', ['global', 'service'], 'global')).message).toContain(
      'one of global, service',
    );
    setInput('workflows', 'CI, Lint\nE2E\n\n');
    expect(listInput('workflows')).toEqual(['CI', 'Lint', 'E2E']);
  });
});

describe('outputs and failure', () => {
  it('writes outputs to the GITHUB_OUTPUT file', () => {
    setOutputs({ decision: 'rerun', attempt: 2, transient: true });
    const text = readFileSync(join(dir, 'output'), 'utf8');
    expect(text).toMatch(/decision<<ghadelimiter_[\w-]+\nrerun\n/);
    expect(text).toMatch(/attempt<<ghadelimiter_[\w-]+\n2\n/);
  });

  it('fails the step for a thrown non-Error value too', async () => {
    const writes: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      writes.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      await runAction(async () => {
        throw 'plain string';
      });
    } finally {
      process.stdout.write = original;
    }
    expect(process.exitCode).toBe(1);
    expect(writes.join('')).toContain('::error::plain string');
  });
});
