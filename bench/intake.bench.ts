// Intake requests per second on the PostgreSQL 15 server: POST /api/v1/hooks/:source (signature
// check + atomic idempotency claim + acceptance audit + settle) against a minimal handler of the
// same framework (Fastify, one POST route answering 202) in the same run, same client, same load.
// Rounds alternate (minimal, record source, repository_dispatch source) and the ratio printed is
// the median of the per-round ratios: the machine's speed swings between rounds (other work on
// its two cores), so only figures from the same round are compared.
import { Agent, request } from 'node:http';
import Fastify from 'fastify';
import { buildApiServer, listen } from '@opsguard/api';
import type { IntakeAction } from '@opsguard/api';
import { apiCapabilitiesOf, openPostgresStore } from '@opsguard/store';
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

await withPostgres(async (url) => {
  pgCpu = postgresCpuClock(url);
  const store = await openPostgresStore({ connectionString: url, maxConnections: POOL });
  const app = await buildApiServer({
    store,
    api: apiCapabilitiesOf(store),
    now: () => new Date(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    actor: 'bench',
    log: () => undefined,
    intake: {
      sources: [
        // `record`: claim, settle and both audit records in one SQL call.
        source('bench', { type: 'record' }),
        // An action that calls out: claim (durable) → action → settle, two SQL calls. The
        // executor answers at once, so this measures the store's part of that path only.
        source('dispatch', { type: 'repository_dispatch', eventType: 'bench', repository: 'acme/ops' }),
      ],
      execute: async () => ({ status: 'done', result: { dispatched: 1 } }),
    },
  });
  const minimal = Fastify({ logger: false });
  minimal.post('/hook', async (_request, reply) => reply.code(202).send({ accepted: true }));
  const api = await listen(app);
  const base = await listen(minimal);
  try {
    // Warm both up (JIT, pool connections, plans), then measure alternately.
    await drive(`${base.url}/hook`, false);
    await drive(`${api.url}/api/v1/hooks/bench`, true);
    await drive(`${api.url}/api/v1/hooks/dispatch`, true);
    const rounds: { baseline: number; record: number; dispatch: number; runs: Run[] }[] = [];
    let answered = true;
    for (let round = 0; round < ROUNDS; round++) {
      const baseline = await drive(`${base.url}/hook`, false);
      const record = await drive(`${api.url}/api/v1/hooks/bench`, true);
      const dispatch = await drive(`${api.url}/api/v1/hooks/dispatch`, true);
      for (const run of [record, dispatch]) {
        if (run.statuses.get(202) !== REQUESTS) {
          answered = false;
          console.log(`round ${round + 1}: answers ${[...run.statuses].map(([s, n]) => `${s}×${n}`).join(', ')}`);
        }
      }
      rounds.push({
        baseline: baseline.perSecond,
        record: record.perSecond,
        dispatch: dispatch.perSecond,
        runs: [baseline, record, dispatch],
      });
      console.log(
        `round ${round + 1}: minimal ${baseline.perSecond.toFixed(0)} req/s, record ${record.perSecond.toFixed(0)} ` +
          `(${(record.perSecond / baseline.perSecond).toFixed(2)}×), repository_dispatch ${dispatch.perSecond.toFixed(0)} ` +
          `(${(dispatch.perSecond / baseline.perSecond).toFixed(2)}×)`,
      );
    }
    const ratio = (pick: (r: (typeof rounds)[number]) => number) => median(rounds.map((r) => pick(r) / r.baseline));
    console.log(
      `${REQUESTS} requests × ${ROUNDS} rounds, ${CONCURRENCY} concurrent, over HTTP on 127.0.0.1, ` +
        `PostgreSQL 15 server, pool ${POOL}`,
    );
    console.log(
      `minimal Fastify handler (median):                   ${median(rounds.map((r) => r.baseline)).toFixed(0)} req/s`,
    );
    console.log(
      `intake, record source (HMAC + claim + audit + settle, one SQL call): ${median(rounds.map((r) => r.record)).toFixed(0)} req/s`,
    );
    console.log(
      `intake, repository_dispatch source (claim, action, settle: two calls): ${median(rounds.map((r) => r.dispatch)).toFixed(0)} req/s`,
    );
    console.log(
      `ratio record / minimal, median of ${ROUNDS} rounds:            ${ratio((r) => r.record).toFixed(2)}× (goal ≥ 0.5×)`,
    );
    console.log(
      `ratio repository_dispatch / minimal, median of ${ROUNDS} rounds: ${ratio((r) => r.dispatch).toFixed(2)}×`,
    );
    const cpu = (i: number) => {
      const runs = rounds.map((r) => r.runs[i]!);
      const pg = runs.map((r) => r.pgUs).filter((v): v is number => v !== null);
      return (
        `Node ${median(runs.map((r) => r.nodeUs)).toFixed(0)} µs` +
        (pg.length ? `, Postgres ${median(pg).toFixed(0)} µs` : '')
      );
    };
    console.log(
      `CPU per request (median; Node includes the load client): minimal ${cpu(0)}; record ${cpu(1)}; repository_dispatch ${cpu(2)}`,
    );
    if (!answered) process.exitCode = 1;
  } finally {
    await app.close();
    await minimal.close();
    await store.close();
  }
});
