import { describe, expect, it } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { signDispatchPayload } from '@opsguard/webhook-signature';
import { useActionHarness } from '@opsguard/testing';
import { run } from '../src/main.js';

const harness = useActionHarness();
const SECRET = `whsec_${Buffer.from('verify-dispatch-secret-32-bytes!').toString('base64')}`;

async function dispatchEvent(clientPayload: unknown): Promise<void> {
  const path = join(harness.dir(), 'event.json');
  await writeFile(path, JSON.stringify({ action: 'opsguard-kill', client_payload: clientPayload }));
  process.env['GITHUB_EVENT_PATH'] = path;
  process.env['GITHUB_EVENT_NAME'] = 'repository_dispatch';
}

describe('verify-dispatch action', () => {
  it('outputs the verified event and its delivery id; the old secret of a rotation still works', async () => {
    await dispatchEvent(
      signDispatchPayload({ payload: { reason: 'budget at 100%' }, secret: 'old-secret', id: 'd-42' }),
    );
    const result = await harness.runStep(run, { secrets: `${SECRET}\nold-secret` });
    expect(result.exitCode).toBeUndefined();
    expect(result.outputs).toEqual({ payload: '{"reason":"budget at 100%"}', 'delivery-id': 'd-42' });
    expect(result.summary).toContain('verified dispatch `d-42`');
  });

  it.each([
    ['a tampered body', (p: Record<string, string>) => ({ ...p, body: '{"reason":"other"}' }), 'bad_signature'],
    ['a stale timestamp', (p: Record<string, string>) => p, 'stale_timestamp'],
    ['no signature fields', () => ({ body: '{}' }), 'missing_signature'],
  ])('fails on %s', async (name, change, reason) => {
    const signed = signDispatchPayload({
      payload: { reason: 'x' },
      secret: SECRET,
      ...(name === 'a stale timestamp' && { timestamp: new Date(Date.now() - 600_000) }),
    }) as unknown as Record<string, string>;
    await dispatchEvent(change(signed));
    const result = await harness.runStep(run, { secrets: SECRET });
    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toContain(`(${reason})`);
    expect(result.outputs).toEqual({});
  });

  it('another event than repository_dispatch is a configuration error naming it', async () => {
    await dispatchEvent({});
    process.env['GITHUB_EVENT_NAME'] = 'push';
    const result = await harness.runStep(run, { secrets: SECRET });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      'Configuration error: verify-dispatch checks repository_dispatch events; this run was started by push',
    ]);
  });
});
