import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Store } from '@opsguard/store';
import { signPayload } from '@opsguard/webhook-signature';
import type { AcceptedEvent } from '../../src/intake/intake-types.js';
import { startFixture, type Fixture } from './api-fixture.js';
import { httpClients, postWith } from './http-clients.js';
import { aSource, SECRET } from './intake-sources.js';

/**
 * N concurrent deliveries of one key from C clients over real HTTP on 127.0.0.1: exactly one is
 * processed, every other one is a duplicate carrying that one's reference.
 */
export function describeOneKeyLoad(
  name: string,
  openStore: () => Promise<Store>,
  deliveries: number,
  clients: number,
): void {
  describe(`${deliveries} concurrent deliveries of one key from ${clients} clients (${name})`, () => {
    let f: Fixture;
    const executed: AcceptedEvent[] = [];
    beforeAll(async () => {
      f = await startFixture(
        {
          intake: {
            sources: [
              aSource({ waitForInFlightMs: 20_000 }),
              aSource({ name: 'ledger', action: { type: 'record' }, waitForInFlightMs: 20_000 }),
            ],
            execute: async (event) => {
              executed.push(event);
              // A real action takes a while: every other delivery arrives while it runs.
              await new Promise((resolve) => setTimeout(resolve, 50));
              return { status: 'done', result: { dispatched: 1 } };
            },
          },
        },
        openStore,
      );
    });
    afterAll(async () => {
      await f?.close();
    });

    async function deliverOneKey(source: string, id: string): Promise<void> {
      const body = JSON.stringify({ budget: 'monthly', threshold: 100 });
      const headers = signPayload({ body, secret: SECRET, id });
      const agents = httpClients(clients);
      const url = `${f.url}/api/v1/hooks/${source}`;
      try {
        const answers = await Promise.all(
          Array.from({ length: deliveries }, (_, i) => postWith(agents[i % clients]!, url, headers, body)),
        );
        const processed = answers.filter((a) => a.status === 202 && a.body['audit_id'] !== undefined);
        const duplicates = answers.filter((a) => a.status === 202 && a.body['reference'] !== undefined);
        expect(answers.filter((a) => a.status !== 202)).toEqual([]);
        expect(processed).toHaveLength(1);
        expect(duplicates).toHaveLength(deliveries - 1);
        const auditId = processed[0]?.body['audit_id'];
        const references = new Set(duplicates.map((d) => JSON.stringify(d.body['reference'])));
        expect(references.size).toBe(1);
        expect(duplicates[0]?.body['reference']).toMatchObject({ audit_id: auditId, type: 'duplicate' });
        const accepted = (await f.store.listAudit({ target: `intake:${source}` })).filter(
          (a) => a.action === 'intake-accept',
        );
        expect(accepted).toHaveLength(1);
      } finally {
        for (const agent of agents) agent.destroy();
      }
    }

    it('exactly one processed, the rest answered as duplicates with the same reference', async () => {
      await deliverOneKey('budget-alert', 'msg_load_1');
      expect(executed).toHaveLength(1);
    });

    it('the same for a record source (accepted in one SQL call, batched with whatever queued)', async () => {
      await deliverOneKey('ledger', 'msg_load_2');
      expect(executed).toHaveLength(1);
    });
  });
}
