// What started each run: pushes to main (CI + E2E), pull-request updates (CI + Lint), the nightly
// schedule, manual deploys and weekly releases. Weekdays are busy, weekends quiet, as in a team.
import type { SimpleUser } from '../types.js';
import type { Random } from './random.js';
import { DEPENDABOT, PEOPLE } from './repository.js';
import { DAY, HOUR, MINUTE } from './time.js';
import type { WorkflowKey } from './workflows.js';

export type RunEvent = 'push' | 'pull_request' | 'schedule' | 'workflow_dispatch';

export interface Commit {
  readonly sha: string;
  readonly treeSha: string;
  readonly message: string;
  readonly author: SimpleUser;
  readonly at: number;
}

export interface PullRequest {
  readonly number: number;
  readonly branch: string;
  readonly title: string;
  readonly author: SimpleUser;
}

export interface Trigger {
  readonly workflow: WorkflowKey;
  readonly event: RunEvent;
  readonly at: number;
  readonly branch: string;
  readonly commit: Commit;
  readonly actor: SimpleUser;
  readonly pr?: PullRequest;
  readonly baseSha: string;
}

const TOPICS = [
  ['feat/cart-coupons', 'Add percentage coupons to the cart'],
  ['fix/checkout-rounding', 'Fix rounding of tax in checkout totals'],
  ['feat/order-export', 'Export orders as CSV'],
  ['chore/upgrade-playwright', 'Upgrade Playwright to 1.58'],
  ['feat/search-facets', 'Facets for catalogue search'],
  ['fix/session-timeout', 'Keep the session alive during payment'],
  ['refactor/payment-gateway', 'Split the payment gateway adapter'],
  ['feat/gift-cards', 'Gift card redemption'],
  ['fix/inventory-race', 'Fix double reservation of the last item'],
  ['feat/address-autocomplete', 'Address autocomplete on checkout'],
  ['chore/node-24', 'Run CI on Node 24'],
  ['fix/currency-format', 'Format JPY without decimals'],
  ['feat/wishlist', 'Wishlist for signed-in customers'],
  ['perf/catalog-cache', 'Cache catalogue pages for 60 s'],
  ['fix/email-retry', 'Retry order e-mails on 5xx'],
  ['feat/returns-portal', 'Self-service returns portal'],
] as const;

const SMALL_CHANGES = [
  'wip',
  'address review comments',
  'fix tests',
  'rename variables',
  'add missing test',
  'update snapshot',
  'lint',
  'handle empty cart',
  'simplify',
  'bump timeout in e2e helper',
];

function isWeekend(ms: number): boolean {
  const day = new Date(ms).getUTCDay();
  return day === 0 || day === 6;
}

function workHour(rng: Random, dayStart: number): number {
  // Most pushes between 07:00 and 19:00 UTC (a team spread over Europe and Asia).
  return dayStart + 7 * HOUR + Math.floor(rng.next() * 12 * HOUR);
}

export function buildTimeline(rng: Random, start: number, days: number): Trigger[] {
  const triggers: Trigger[] = [];
  let mainSha = rng.hex(40);
  let mainCommit: Commit = {
    sha: mainSha,
    treeSha: rng.hex(40),
    message: 'Merge pull request #1198 from acme/fix/cart-badge',
    author: PEOPLE[2] ?? DEPENDABOT,
    at: start - 3 * HOUR,
  };
  const openPrs: (PullRequest & { headSha: string })[] = [];
  let nextPr = 1_204;
  let topic = 0;
  const commit = (message: string, author: SimpleUser, at: number): Commit => ({
    sha: rng.hex(40),
    treeSha: rng.hex(40),
    message,
    author,
    at,
  });

  for (let d = 0; d < days; d += 1) {
    const dayStart = start + d * DAY;
    const weekend = isWeekend(dayStart);
    const events: { at: number; kind: 'main' | 'pr' | 'deploy' }[] = [];
    for (let i = 0, n = weekend ? rng.int(0, 2) : rng.int(5, 8); i < n; i += 1)
      events.push({ at: workHour(rng, dayStart), kind: 'main' });
    for (let i = 0, n = weekend ? rng.int(0, 3) : rng.int(10, 14); i < n; i += 1)
      events.push({ at: workHour(rng, dayStart), kind: 'pr' });
    for (let i = 0, n = weekend ? 0 : rng.int(1, 2); i < n; i += 1)
      events.push({ at: dayStart + 9 * HOUR + Math.floor(rng.next() * 8 * HOUR), kind: 'deploy' });
    events.sort((a, b) => a.at - b.at);

    // Nightly: cron '0 3 * * *', which GitHub starts late.
    const nightlyAt = dayStart + 3 * HOUR + rng.int(4, 26) * MINUTE + rng.int(0, 59) * 1000;
    triggers.push({
      workflow: 'nightly',
      event: 'schedule',
      at: nightlyAt,
      branch: 'main',
      commit: mainCommit,
      actor: PEOPLE[0] ?? DEPENDABOT,
      baseSha: mainSha,
    });

    for (const event of events) {
      const person = rng.pick(PEOPLE);
      if (event.kind === 'main') {
        const merged =
          openPrs.length > 2 && rng.chance(0.7) ? openPrs.splice(rng.int(0, openPrs.length - 1), 1)[0] : undefined;
        const message = merged
          ? `${merged.title} (#${merged.number})`
          : rng.pick(['Update dependencies', 'Fix flaky date test', 'Tidy README', 'Bump version to 3.14.1']);
        const c = commit(message, merged?.author ?? person, event.at);
        mainSha = c.sha;
        mainCommit = c;
        for (const workflow of ['ci', 'e2e'] as const) {
          triggers.push({
            workflow,
            event: 'push',
            at: event.at + rng.int(1, 4) * 1000,
            branch: 'main',
            commit: c,
            actor: merged?.author ?? person,
            baseSha: mainSha,
          });
        }
      } else if (event.kind === 'pr') {
        let pr = openPrs.length > 0 && rng.chance(0.65) ? rng.pick(openPrs) : undefined;
        if (!pr) {
          const [branch, title] = TOPICS[topic % TOPICS.length] ?? ['feat/misc', 'Miscellaneous'];
          const dependabot = rng.chance(0.15);
          const minor = dependabot ? rng.int(10, 19) : 0;
          pr = dependabot
            ? {
                number: nextPr,
                branch: `dependabot/npm_and_yarn/undici-7.${minor}.0`,
                title: `Bump undici from 7.9.0 to 7.${minor}.0`,
                author: DEPENDABOT,
                headSha: '',
              }
            : {
                number: nextPr,
                branch: `${branch}${topic >= TOPICS.length ? `-${Math.floor(topic / TOPICS.length) + 1}` : ''}`,
                title,
                author: person,
                headSha: '',
              };
          if (!dependabot) topic += 1;
          nextPr += rng.int(1, 3);
          openPrs.push(pr);
        }
        const c = commit(pr.headSha === '' ? pr.title : rng.pick(SMALL_CHANGES), pr.author, event.at);
        const index = openPrs.indexOf(pr);
        if (index >= 0) openPrs[index] = { ...pr, headSha: c.sha };
        for (const workflow of ['ci', 'lint'] as const) {
          triggers.push({
            workflow,
            event: 'pull_request',
            at: event.at + rng.int(1, 4) * 1000,
            branch: pr.branch,
            commit: c,
            actor: pr.author,
            pr,
            baseSha: mainSha,
          });
        }
      } else {
        triggers.push({
          workflow: 'deploy',
          event: 'workflow_dispatch',
          at: event.at,
          branch: 'main',
          commit: mainCommit,
          actor: person,
          baseSha: mainSha,
        });
      }
    }
    // Releases: Tuesdays, by hand.
    if (new Date(dayStart).getUTCDay() === 2) {
      const at = dayStart + 14 * HOUR + rng.int(0, 90) * MINUTE;
      triggers.push({
        workflow: 'release',
        event: 'workflow_dispatch',
        at,
        branch: 'main',
        commit: mainCommit,
        actor: PEOPLE[1] ?? DEPENDABOT,
        baseSha: mainSha,
      });
    }
  }
  return triggers.sort((a, b) => a.at - b.at);
}
