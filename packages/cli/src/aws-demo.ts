// The AWS scene of the demo, without an account: a stand-in account on 127.0.0.1 in each
// service's wire format, the real SDK with endpoint overrides, a virtual clock. Budget alert
// (the hourly backstop finds it; the key fires the response once) → plan → shutdown → the 1st of
// the month → recovery with the health check, then a read-back that everything is as it was.
import { join } from 'node:path';
import type { Store } from '@opsguard/store';
import type { CliIo } from './command.js';
import { printPlan, printRecovery, printShutdown } from './report/print-aws.js';

const ACCOUNT = '123456789012';
const REGION = 'ap-northeast-1';
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:opsguard-cost`;

export interface AwsSceneResult {
  readonly ok: boolean;
  readonly published: number;
}

export async function runAwsScene(
  io: CliIo,
  options: { readonly outDir: string; readonly store?: Store; readonly say: (line: string) => void },
): Promise<AwsSceneResult> {
  const { say } = options;
  const started = performance.now();
  const { startStandinAccount } = await import('@opsguard/sample');
  const { createAwsClients, describeInstances, distributionState, getReservedConcurrency } =
    await import('@opsguard/aws');
  const { createBrake, createGuard, DEFAULT_GUARD_POLICY } = await import('@opsguard/guard');
  const engine = await import('@opsguard/engine');
  const { parseShutdownTargets } = await import('@opsguard/core');
  const account = await startStandinAccount({
    account: ACCOUNT,
    region: REGION,
    functions: [
      { name: 'checkout-api', reservedConcurrency: 50, tags: { 'cost-guard': 'stop' } },
      { name: 'image-resize', tags: { 'cost-guard': 'stop' } },
    ],
    instances: [
      { id: 'i-0a1b2c3d4e5f60001', state: 'running', tags: { 'cost-guard': 'stop' } },
      { id: 'i-0a1b2c3d4e5f60002', state: 'running', tags: { 'cost-guard': 'stop' } },
      { id: 'i-0a1b2c3d4e5f60003', state: 'stopped', tags: { 'cost-guard': 'stop' } },
    ],
    distributions: [{ id: 'E1WEBSHOP0001', enabled: true }],
    topics: [TOPIC],
    budgets: [
      {
        name: 'monthly-cloud',
        limitUsd: 500,
        actualUsd: 512.4,
        thresholds: [{ percent: 80 }, { percent: 100 }],
        periodStart: '2026-12-01T00:00:00Z',
      },
    ],
  });
  const clients = await createAwsClients({
    region: REGION,
    endpoint: account.url,
    // The stand-in's dummies; real runs use the SDK's default chain (OIDC in workflows).
    credentials: { accessKeyId: 'AKIDSTANDIN0000DEMO', secretAccessKey: 'standin-not-a-secret' },
    maxAttempts: 1,
  });
  const clock = engine.virtualClock(new Date('2026-12-03T09:00:00Z'));
  let store = options.store;
  const ownStore = store === undefined;
  if (!store) {
    const { openPgliteStore } = await import('@opsguard/store');
    store = await openPgliteStore({ inMemory: true });
  }
  try {
    const guard = createGuard({
      store,
      policy: DEFAULT_GUARD_POLICY,
      now: () => clock.now(),
      random: () => 0.5,
      sleep: (ms) => clock.sleep(ms),
      actor: 'opsguard-demo',
      brake: createBrake(store, null),
    });
    const recordsDir = join(options.outDir, 'aws');
    const deps = { clients, guard, clock, records: engine.fileRestoreRecords(recordsDir) };
    const readBack = async () =>
      JSON.stringify({
        checkout: await getReservedConcurrency(clients, 'checkout-api'),
        resize: await getReservedConcurrency(clients, 'image-resize'),
        instances: (await describeInstances(clients, { tag: { key: 'cost-guard', value: 'stop' } })).map(
          (i) => i.state,
        ),
        cdn: (await distributionState(clients, 'E1WEBSHOP0001')).enabled,
      });
    const before = await readBack();

    say('');
    say(`── AWS cost protection (stand-in account ${ACCOUNT} on ${account.url}, real SDK, virtual clock)`);
    const alerts = await engine.pollBudgetAlerts(clients, ACCOUNT, ['monthly-cloud'], clock.now());
    say(
      `Budget backstop poll: ${alerts.map((a) => `${a.budgetName} over ${a.thresholdPercent}% (${a.thresholdType})`).join(', ')}`,
    );
    const alert = alerts.at(-1);
    if (!alert) throw new Error('the demo budget is not in alarm');
    const targets = parseShutdownTargets({
      functions: { tag: 'cost-guard=stop' },
      instances: { tag: 'cost-guard=stop' },
      distributions: ['E1WEBSHOP0001'],
      ssmService: 'webshop',
    });
    const response = await engine.respondOnce(
      store,
      alert,
      'opsguard-demo',
      () => clock.now(),
      async () => {
        const plan = await engine.planShutdown(deps, {
          targets,
          reason: `budget ${alert.budgetName} ${alert.thresholdPercent}%`,
        });
        printPlan(plan, say);
        const { result, published } = await engine.runShutdown(deps, plan, {
          topicArn: TOPIC,
          evidenceDir: recordsDir,
        });
        printShutdown(result, say);
        say(
          `SNS: ${published.sns?.ok ? 'published' : 'not published'} "${account.sns.published().at(-1)?.subject ?? ''}"`,
        );
        return { planSha256: plan.sha256, overall_success: result.overall_success };
      },
    );
    const again = await engine.respondOnce(
      store,
      alert,
      'opsguard-demo',
      () => clock.now(),
      async () => ({}),
    );
    say(`The same alert again (forwarder + poll): ${again.fired ? 'fired twice!' : `already handled (${again.key})`}`);
    if (!response.fired) throw new Error('the demo alert was handled before');

    // The 1st of the month, 00:05 JST: the recovery schedule.
    await clock.sleep(Date.parse('2026-12-31T15:05:00Z') - clock.now().getTime());
    say(`${clock.now().toISOString()} (00:05 JST on the 1st): recovery from the restore record`);
    const { result } = await engine.runRecovery(deps, 'latest', {
      topicArn: TOPIC,
      evidenceDir: recordsDir,
      healthCheck: { url: account.healthUrl },
      fetch: (url) => fetch(url),
    });
    printRecovery(result, say);
    const after = await readBack();
    const same = after === before;
    say(`Read back: ${same ? 'every resource is as it was before the shutdown' : `DIFFERENT: ${before} → ${after}`}`);
    say(
      `SNS messages: ${account.sns
        .published()
        .map((m) => `"${m.subject ?? ''}"`)
        .join(', ')}`,
    );
    say(
      `Plan, results and restore record: ${recordsDir} (scene: ${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
    return { ok: same && result.status === 'recovered', published: account.sns.published().length };
  } finally {
    clients.destroy();
    await account.close();
    if (ownStore) await store.close();
  }
}
