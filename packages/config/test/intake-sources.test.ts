import { describe, expect, it } from '@jest/globals';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadIntakeSources } from '../src/index.js';

describe('config/intake-sources.json', () => {
  it('the bundled sources: budget-alert, kill and guardrail-approval dispatch through the guard', async () => {
    const sources = await loadIntakeSources();
    expect(Object.keys(sources.sources)).toEqual(['budget-alert', 'kill', 'guardrail-approval']);
    expect(sources.sources['guardrail-approval']?.action).toEqual({
      type: 'repository_dispatch',
      eventType: 'opsguard-guardrail-apply',
    });
    expect(sources.sources['kill']?.action).toEqual({ type: 'repository_dispatch', eventType: 'opsguard-kill' });
  });

  it('a user file replaces the sources; a mistake names the file and the JSON path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'opsguard-intake-'));
    const good = join(dir, 'good.json');
    await writeFile(
      good,
      JSON.stringify({ sources: { pager: { secretEnv: ['PAGER_SECRET'], action: { type: 'record' } } } }),
    );
    const loaded = await loadIntakeSources(good);
    expect(Object.keys(loaded.sources)).toEqual(['pager']);
    expect(loaded.defaults?.ttlHours).toBe(24);

    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ sources: { pager: { secretEnv: ['lower'], action: { type: 'record' } } } }));
    await expect(loadIntakeSources(bad)).rejects.toThrow(`${bad}`);
    await expect(loadIntakeSources(bad)).rejects.toThrow('/sources/pager/secretEnv/0');
  });
});
