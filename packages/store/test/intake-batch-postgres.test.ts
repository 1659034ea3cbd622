import { afterAll, beforeAll, expect, test } from '@jest/globals';
import pg from 'pg';
import { migrate } from '../src/migrate.js';
import { openPgConnection } from '../src/pg-executor.js';
import { claimAnswers } from './support/batch-answers.js';
import { createTestDatabase, describePg, uid } from './support/databases.js';

const NOW = new Date('2026-12-05T09:00:00.000Z');

const event = (key: string) => ({
  source: 'ledger',
  key,
  payload_sha256: 'a'.repeat(64),
  ttl_ms: 86_400_000,
  actor: 'test',
  details: {},
  result: { recorded: true },
  now: NOW.toISOString(),
});

describePg('accept_intake_batch on PostgreSQL 15: concurrent batches', () => {
  let drop: () => Promise<void>;
  let clients: pg.Client[] = [];
  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    const admin = await openPgConnection({ connectionString: database.url, max: 1 });
    try {
      await migrate(admin);
    } finally {
      await admin.close();
    }
    clients = await Promise.all(
      [0, 1, 2].map(async () => {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        return client;
      }),
    );
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end()));
    await drop?.();
  });

  test('batches sharing keys in opposite orders neither deadlock nor claim a key twice', async () => {
    for (let round = 0; round < 10; round++) {
      const keys = Array.from({ length: 12 }, () => uid('k'));
      const orders = [keys, [...keys].reverse(), [...keys.slice(6), ...keys.slice(0, 6)]];
      const answers = await Promise.all(
        clients.map(async (client, i) => {
          const result = await client.query('select public.accept_intake_batch($1::jsonb) as a', [
            JSON.stringify(orders[i]!.map(event)),
          ]);
          const list = claimAnswers(result.rows[0]?.['a']);
          return list.map((a, j) => ({ key: orders[i]![j]!, ...a }));
        }),
      );
      const all = answers.flat();
      for (const key of keys) {
        const mine = all.filter((a) => a.key === key);
        expect(mine.map((a) => a.outcome).sort()).toEqual(['claimed', 'duplicate', 'duplicate']);
        expect(new Set(mine.map((a) => a.audit_id)).size).toBe(1);
      }
    }
  });
});
