// Intake requests per second on the PostgreSQL 15 server: POST /api/v1/hooks/:source (signature
// check + atomic idempotency claim + acceptance audit + settle) against a minimal handler of the
// same framework (Fastify, one POST route answering 202) in the same run, same client, same load.
import { Agent, request } from 'node:http';
import Fastify from 'fastify';
import { buildApiServer, listen } from '@opsguard/api';
import { apiCapabilitiesOf, openPostgresStore } from '@opsguard/store';
import { signPayload } from '@opsguard/webhook-signature';
import { withPostgres } from './pg-server.js';

const REQUESTS = Number(process.env['BENCH_INTAKE_REQUESTS'] ?? 4000);
const CONCURRENCY = Number(process.env['BENCH_INTAKE_CONCURRENCY'] ?? 32);
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
async function drive(url: string, sign: boolean): Promise<{ perSecond: number; statuses: Map<number, number> }> {
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
  agent.destroy();
  return { perSecond: REQUESTS / seconds, statuses };
}

await withPostgres(async (url) => {
  const store = await openPostgresStore({ connectionString: url, maxConnections: 10 });
  const app = await buildApiServer({
    store,
    api: apiCapabilitiesOf(store),
    now: () => new Date(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    actor: 'bench',
    log: () => undefined,
    intake: {
      sources: [
        {
          name: 'bench',
          secrets: [SECRET],
          styles: ['standard'],
          ttlMs: 86_400_000,
          toleranceMs: 300_000,
          maxBodyBytes: 65_536,
          leaseMs: 300_000,
          waitForInFlightMs: 5000,
          action: { type: 'record' },
        },
      ],
      execute: async () => ({ status: 'done', result: { recorded: true } }),
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
    const baseline = await drive(`${base.url}/hook`, false);
    const intake = await drive(`${api.url}/api/v1/hooks/bench`, true);
    console.log(`${REQUESTS} requests, ${CONCURRENCY} concurrent, over HTTP on 127.0.0.1, PostgreSQL 15 server`);
    console.log(`minimal Fastify handler:                    ${baseline.perSecond.toFixed(0)} req/s`);
    console.log(`intake (HMAC + claim + audit + settle, pg): ${intake.perSecond.toFixed(0)} req/s`);
    console.log(`ratio intake / minimal: ${(intake.perSecond / baseline.perSecond).toFixed(2)}× (goal ≥ 0.5×)`);
    console.log(`intake answers: ${[...intake.statuses].map(([s, n]) => `${s}×${n}`).join(', ')}`);
    if (intake.statuses.get(202) !== REQUESTS) process.exitCode = 1;
  } finally {
    await app.close();
    await minimal.close();
    await store.close();
  }
});
