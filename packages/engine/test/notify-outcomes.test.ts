import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createGuard, DEFAULT_GUARD_POLICY, createBrake } from '@opsguard/guard';
import type { ChannelResult, Notification, NotificationChannel } from '@opsguard/notify';
import { openPgliteStore, type Store } from '@opsguard/store';
import { notifyAll, type NotifyDeps } from '../src/notify-outcomes.js';
import { flakyNotifications } from '@opsguard/testing';

const NOW = new Date('2026-11-23T09:00:00.000Z');
let store: Store;
let counter = 0;
beforeAll(async () => {
  store = await openPgliteStore({ inMemory: true });
});
afterAll(async () => {
  await store.close();
});

/** The clock of the current test: an hour apart, so the guard's rate limits start afresh. */
let now = NOW;
/** A fresh repository per test, so the guard's idempotency keys never meet across tests. */
function aRepo(): string {
  counter += 1;
  now = new Date(NOW.getTime() + counter * 3_600_000);
  return `acme/web-${counter}`;
}

function channel(name: string, fails: string | null, sent: string[] = []): NotificationChannel {
  return {
    name,
    async send(n: Notification): Promise<ChannelResult> {
      sent.push(`${name}:${n.fingerprint}`);
      if (fails !== null) throw new Error(fails);
      return { channel: name, detail: `${name} took ${n.fingerprint}` };
    },
  };
}

const notification = (fingerprint: string): Notification => ({
  fingerprint,
  kind: 'failure',
  severity: 'warning',
  title: `${fingerprint} failed`,
  lines: ['run 1 attempt 2: deterministic failure'],
  links: [{ text: 'run 1', url: 'https://github.com/acme/web/actions/runs/1' }],
});

function deps(repo: string, channels: NotificationChannel[], over: Partial<NotifyDeps> = {}): NotifyDeps {
  const guard = createGuard({
    store,
    policy: DEFAULT_GUARD_POLICY,
    now: () => now,
    random: () => 0.5,
    sleep: async () => undefined,
    actor: 'test',
    brake: createBrake(store, null),
  });
  return { guard, repo, channels, issues: null, dryRun: false, store, now: () => now, ...over };
}

describe('notifyAll records every outcome in the notifications table', () => {
  it('Slack fails → the issue delivers: the row names github-issue, delivered, with Slack’s error', async () => {
    const repo = aRepo();
    const sent: string[] = [];
    const channels = [
      channel('slack', 'slack answered HTTP 500', sent),
      channel('github-issue', null, sent),
      channel('log', null, sent),
    ];
    const [delivery] = await notifyAll(deps(repo, channels), [notification('failure:CI')]);
    expect(sent).toEqual(['slack:failure:CI', 'github-issue:failure:CI']);
    expect(delivery).toMatchObject({
      delivered: { channel: 'github-issue' },
      recorded: true,
      recordError: null,
    });
    expect(await store.listNotifications({ repo })).toEqual([
      {
        repo,
        fingerprint: 'failure:CI',
        kind: 'failure',
        severity: 'warning',
        title: 'failure:CI failed',
        lines: ['run 1 attempt 2: deterministic failure'],
        links: [{ text: 'run 1', url: 'https://github.com/acme/web/actions/runs/1' }],
        channel: 'github-issue',
        delivered: true,
        error: 'slack: slack answered HTTP 500',
        createdAt: now.toISOString(),
      },
    ]);
  });

  it('Slack delivers: the row has no error', async () => {
    const repo = aRepo();
    await notifyAll(deps(repo, [channel('slack', null), channel('log', null)]), [notification('failure:Lint')]);
    expect(await store.listNotifications({ repo })).toEqual([
      expect.objectContaining({ channel: 'slack', delivered: true, error: null }),
    ]);
  });

  it('every channel fails: the row says not delivered, with each channel’s error', async () => {
    const repo = aRepo();
    const channels = [
      channel('slack', 'slack answered HTTP 500'),
      channel('github-issue', 'issues answered HTTP 403'),
      channel('log', 'EPIPE'),
    ];
    const [delivery] = await notifyAll(deps(repo, channels), [notification('failure:Deploy')]);
    expect(delivery?.delivered).toBeNull();
    expect(delivery?.attempts.map((a) => a.ok)).toEqual([false, false, false]);
    expect(await store.listNotifications({ repo, fingerprint: 'failure:Deploy' })).toEqual([
      expect.objectContaining({
        channel: null,
        delivered: false,
        error: 'slack: slack answered HTTP 500\ngithub-issue: issues answered HTTP 403\nlog: EPIPE',
      }),
    ]);
  });

  it('the store is down: the deliveries are still returned, the failure logged, the next ones recorded', async () => {
    const repo = aRepo();
    const logged: string[] = [];
    const sent: string[] = [];
    const down = deps(repo, [channel('slack', null, sent)], {
      store: flakyNotifications(store, 1),
      log: (l) => logged.push(l),
    });
    const deliveries = await notifyAll(down, [notification('failure:A'), notification('failure:B')]);
    expect(sent).toEqual(['slack:failure:A', 'slack:failure:B']);
    expect(deliveries).toEqual([
      expect.objectContaining({
        delivered: { channel: 'slack', detail: 'slack took failure:A' },
        recorded: false,
        recordError: 'store unavailable (pglite): connection lost',
      }),
      expect.objectContaining({ delivered: { channel: 'slack', detail: 'slack took failure:B' }, recorded: true }),
    ]);
    expect(logged).toEqual(['notifications: could not record failure:A: store unavailable (pglite): connection lost']);
    expect((await store.listNotifications({ repo })).map((r) => r.fingerprint)).toEqual(['failure:B']);
  });

  it('a store that is down and no logger: nothing throws', async () => {
    const repo = aRepo();
    const deliveries = await notifyAll(deps(repo, [channel('log', null)], { store: flakyNotifications(store, 5) }), [
      notification('failure:C'),
    ]);
    expect(deliveries).toEqual([expect.objectContaining({ delivered: expect.anything(), recorded: false })]);
  });

  it('a dry run records nothing (the audit has the SKIPPED dry_run rows)', async () => {
    const repo = aRepo();
    const sent: string[] = [];
    const deliveries = await notifyAll(
      deps(repo, [channel('slack', null, sent), channel('log', null, sent)], { dryRun: true }),
      [notification('failure:D')],
    );
    // The guard skips Slack in a dry run; the job log takes it.
    expect(sent).toEqual(['log:failure:D']);
    expect(deliveries).toEqual([
      expect.objectContaining({
        delivered: expect.objectContaining({ channel: 'log' }),
        recorded: false,
        recordError: null,
      }),
    ]);
    expect(await store.listNotifications({ repo })).toEqual([]);
    expect(await store.listAudit({ target: `${repo}:notify:slack` })).toEqual([
      expect.objectContaining({ outcome: 'SKIPPED', reason: 'dry_run', dryRun: true }),
    ]);
  });
});
