// Intake requests per second on the PostgreSQL 15 server: POST /api/v1/hooks/:source (signature
// check + atomic idempotency claim + acceptance audit + settle) against a minimal handler of the
// same framework (Fastify, one POST route answering 202) in the same run, same client, same load.
// Each round runs the minimal handler before and after every intake path (record source,
// repository_dispatch source, record source with a store that answers at once); a path's ratio
// is the median over the rounds of its rate against the mean of the two minimal runs around it:
// the machine's speed drifts (other work on its two cores), so only neighbours are compared.
import { Agent, request } from 'node:http';
import Fastify from 'fastify';
import { buildApiServer, listen } from '@opsguard/api';
import type { IntakeAction } from '@opsguard/api';
import { apiCapabilitiesOf, openPostgresStore, type ApiCapabilities, type IntakeStore } from '@opsguard/store';
import { signPayload } from '@opsguard/webhook-signature';
import { withPostgres } from './pg-server.js';
import { postgresCpuClock } from './support/process-cpu.js';

const REQUESTS = Number(process.env['BENCH_INTAKE_REQUESTS'] ?? 4000);
const CONCURRENCY = Number(process.env['BENCH_INTAKE_CONCURRENCY'] ?? 32);
const ROUNDS = Number(process.env['BENCH_INTAKE_ROUNDS'] ?? 5);
const POOL = Number(process.env['BENCH_INTAKE_POOL'] ?? 4);
const SECRET = `whsec_${Buffer.from('bench-secret-of-thirty-two-bytes').toString('base64')}`;

function post(agent: Agent, url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let runId = 0;

/** REQUESTS deliveries, CONCURRENCY at a time, each its own key; returns req/s and statuses. */
interface Run {
  readonly perSecond: number;
  readonly statuses: Map<number, number>;
  /** CPU per request in microseconds: this Node process (server and client) and Postgres. */
  readonly nodeUs: number;
  readonly pgUs: number | null;
}

let pgCpu: () => number | null = () => null;

async function drive(url: string, sign: boolean): Promise<Run> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const statuses = new Map<number, number>();
  // Deliveries are built (and signed) before the clock starts: signing is the sender's work, and
  // the sender here shares the server's two cores.
  const deliveries = Array.from({ length: REQUESTS }, (_, i) => {
    const body = JSON.stringify({ budget: 'monthly', threshold: 80, n: i });
    return { body, headers: sign ? signPayload({ body, secret: SECRET, id: `bench-${runId}-${i}` }) : {} };
  });
  runId++;
  let next = 0;
  const pgBefore = pgCpu();
  const nodeBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const delivery = deliveries[next++];
        if (delivery === undefined) break;
        const status = await post(agent, url, delivery.headers, delivery.body);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const node = process.cpuUsage(nodeBefore);
  const pgAfter = pgCpu();
  agent.destroy();
  return {
    perSecond: REQUESTS / seconds,
    statuses,
    nodeUs: (node.user + node.system) / REQUESTS,
    pgUs: pgBefore === null || pgAfter === null ? null : ((pgAfter - pgBefore) * 1000) / REQUESTS,
  };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const source = (name: string, action: IntakeAction) => ({
  name,
  secrets: [SECRET],
  styles: ['standard' as const],
  ttlMs: 86_400_000,
  toleranceMs: 300_000,
  maxBodyBytes: 65_536,
  leaseMs: 300_000,
  waitForInFlightMs: 5000,
  action,
});

/**
 * The record source on a server whose intake store answers at once, without SQL: what the HTTP,
 * signature and route work alone allows, so the store's share of the gap can be read off.
 */
function instantIntake(real: IntakeStore): IntakeStore {
  return {
    claimIntakeKey: (r) => real.claimIntakeKey(r),
    finishIntakeKey: (r) => real.finishIntakeKey(r),
    recordRefusal: (r) => real.recordRefusal(r),
    cleanupExpired: (now, idle) => real.cleanupExpired(now, idle),
    acceptIntakeEvent: async (r) => ({
      outcome: 'claimed',
      auditId: `intake-${r.payloadSha256}`,
      receivedAt: r.now.toISOString(),
      attempt: 1,
      payloadSha256: r.payloadSha256,
      expiresAt: new Date(r.now.getTime() + r.ttlMs).toISOString(),
    }),
  };
}

await withPostgres(async (url) => {
  pgCpu = postgresCpuClock(url);
  const store = await openPostgresStore({ connectionString: url, maxConnections: POOL });
  const serverOf = (api: ApiCapabilities) =>
    buildApiServer({
      store,
      api,
      now: () => new Date(),
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      actor: 'bench',
      log: () => undefined,
      intake: {
        sources: [
          // `record`: claim, settle and both audit records in one SQL call (batched).
          source('bench', { type: 'record' }),
          // An action that calls out: claim (durable) → action → settle, two SQL calls. The
          // executor answers at once, so this measures the store's part of that path only.
          source('dispatch', { type: 'repository_dispatch', eventType: 'bench', repository: 'acme/ops' }),
        ],
        execute: async () => ({ status: 'done', result: { dispatched: 1 } }),
      },
    });
  const capabilities = apiCapabilitiesOf(store);
  const app = await serverOf(capabilities);
  const noStoreApp = await serverOf({ ...capabilities, intake: instantIntake(capabilities.intake) });
  const minimal = Fastify({ logger: false });
  minimal.post('/hook', async (_request, reply) => reply.code(202).send({ accepted: true }));
  const api = await listen(app);
  const noStore = await listen(noStoreApp);
  const base = await listen(minimal);
  const paths = [
    { name: 'minimal Fastify handler (one POST route answering 202)', url: `${base.url}/hook`, sign: false },
    {
      name: 'intake, record source (HMAC + claim + audit + settle, one batched SQL call)',
      url: `${api.url}/api/v1/hooks/bench`,
      sign: true,
      goal: true,
    },
    {
      name: 'intake, repository_dispatch source (claim, action, settle: two SQL calls)',
      url: `${api.url}/api/v1/hooks/dispatch`,
      sign: true,
    },
    {
      name: 'intake, record source, store answering at once (no SQL: the ceiling)',
      url: `${noStore.url}/api/v1/hooks/bench`,
      sign: true,
    },
  ];
  try {
    // Warm every path up (JIT, pool connections, plans), then measure alternately.
    for (const path of paths) await drive(path.url, path.sign);
    // Per round: minimal, path, minimal, path, …, minimal; each path is compared with the mean of
    // the two minimal runs around it (the load of the machine drifts within a round too).
    const runs: Run[][] = paths.map(() => []);
    const ratios: number[][] = paths.map(() => []);
    let answered = true;
    for (let round = 0; round < ROUNDS; round++) {
      let before = await drive(paths[0]!.url, false);
      runs[0]!.push(before);
      const line: string[] = [`${before.perSecond.toFixed(0)}`];
      for (const [i, path] of paths.entries()) {
        if (i === 0) continue;
        const run = await drive(path.url, path.sign);
        const after = await drive(paths[0]!.url, false);
        runs[i]!.push(run);
        runs[0]!.push(after);
        if (run.statuses.get(202) !== REQUESTS) {
          answered = false;
          console.log(`round ${round + 1}, ${path.name}: ${[...run.statuses].map(([c, n]) => `${c}×${n}`).join(', ')}`);
        }
        const ratio = run.perSecond / ((before.perSecond + after.perSecond) / 2);
        ratios[i]!.push(ratio);
        line.push(`${run.perSecond.toFixed(0)} (${ratio.toFixed(2)}×)`, `${after.perSecond.toFixed(0)}`);
        before = after;
      }
      console.log(`round ${round + 1}: ${line.join(', ')} req/s`);
    }
    console.log(
      `${REQUESTS} requests a run, ${ROUNDS} rounds, ${CONCURRENCY} concurrent, over HTTP on 127.0.0.1, ` +
        `PostgreSQL 15 server, pool ${POOL}; a ratio is the median over the rounds of the run against the ` +
        `mean of the minimal runs just before and after it; CPU per request (Node includes the load client)`,
    );
    for (const [i, path] of paths.entries()) {
      const mine = runs[i]!;
      const pg = mine.map((r) => r.pgUs).filter((v): v is number => v !== null);
      const ratio = i === 0 ? '' : `, ${median(ratios[i]!).toFixed(2)}×`;
      console.log(
        `${path.name}: ${median(mine.map((r) => r.perSecond)).toFixed(0)} req/s${ratio}` +
          `${path.goal ? ' (goal ≥ 0.5×)' : ''}; CPU Node ${median(mine.map((r) => r.nodeUs)).toFixed(0)} µs` +
          (pg.length ? `, Postgres ${median(pg).toFixed(0)} µs` : ''),
      );
    }
    if (!answered) process.exitCode = 1;
  } finally {
    await app.close();
    await noStoreApp.close();
    await minimal.close();
    await store.close();
  }
});
