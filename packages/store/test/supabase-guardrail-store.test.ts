import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import {
  guardrailExecutionsOf,
  isStoreQueryError,
  isStoreUnavailableError,
  type GuardrailExecutionStore,
} from '../src/index.js';
import { openSupabaseStore } from '../src/supabase-store.js';
import { anExecution } from './support/guardrail-contract.js';

const URL_BASE = 'https://abcdefgh.supabase.co';
const KEY = 'test-service-role-key-guardrails-0123456789-never-print-me';
const NOW = new Date('2026-12-02T10:00:00.000Z');

function open(): GuardrailExecutionStore {
  return guardrailExecutionsOf(openSupabaseStore({ url: URL_BASE, key: KEY, retry: false }));
}

function rowOf(e: ReturnType<typeof anExecution>, status = 'executed') {
  return {
    id: e.id,
    plan_hash: e.planHash,
    policy_id: e.policyId,
    mode: e.mode,
    account_id: e.accountId,
    budget_name: e.budgetName,
    principals: e.principals,
    deny_actions: e.denyActions,
    policy_arn: e.policyArn,
    policy_document: e.policyDocument,
    status,
    executed_by: e.executedBy,
    executed_at: e.executedAt.toISOString(),
    ttl_expires_at: e.ttlExpiresAt.toISOString(),
    attempts: 0,
    consecutive_failures: 0,
    last_error: null,
    rolled_back_at: null,
    updated_at: NOW.toISOString(),
  };
}

afterEach(() => nock.cleanAll());

describe('guardrail executions on Supabase', () => {
  it('records through rpc with the named arguments of the SQL function, sending the key as apikey', async () => {
    const e = anExecution();
    let sent: unknown;
    const scope = nock(URL_BASE)
      .matchHeader('apikey', KEY)
      .post('/rest/v1/rpc/record_guardrail_execution', (body: unknown) => ((sent = body), true))
      .reply(200, { inserted: true, execution: rowOf(e) });
    const recorded = await open().recordExecution(e, NOW);
    expect(recorded).toMatchObject({ inserted: true, execution: { id: e.id, status: 'executed' } });
    expect(scope.isDone()).toBe(true);
    expect(sent).toEqual({
      p_execution: expect.objectContaining({
        id: e.id,
        plan_hash: e.planHash,
        ttl_expires_at: e.ttlExpiresAt.toISOString(),
      }),
      p_now: NOW.toISOString(),
    });
  });

  it('claims and finishes through their functions, and lists with filters and order', async () => {
    const e = anExecution();
    let claimBody: unknown;
    nock(URL_BASE)
      .post('/rest/v1/rpc/claim_expired_guardrail_executions', (b: unknown) => ((claimBody = b), true))
      .reply(200, [rowOf(e)])
      .post('/rest/v1/rpc/finish_guardrail_rollback')
      .reply(200, 'null', { 'content-type': 'application/json' })
      .get('/rest/v1/guardrail_executions')
      .query({ select: '*', status: 'eq.rolled_back', order: 'executed_at.asc,id.asc', offset: '0', limit: '1000' })
      .reply(200, [rowOf(e, 'rolled_back')]);
    const store = open();
    expect(
      (await store.claimExpiredExecutions({ now: NOW, limit: 100, leaseMs: 240_000, owner: 'run-1' })).map((x) => x.id),
    ).toEqual([e.id]);
    expect(claimBody).toEqual({ p_now: NOW.toISOString(), p_limit: 100, p_lease_ms: 240_000, p_owner: 'run-1' });
    expect(await store.finishRollback(e.id, 'run-1', 'rolled_back', null, NOW)).toBeNull();
    expect((await store.listExecutions({ status: 'rolled_back' })).map((x) => x.status)).toEqual(['rolled_back']);
  });

  it('tells an unreachable store from a refused query, never echoing the key', async () => {
    nock(URL_BASE)
      .post('/rest/v1/rpc/claim_expired_guardrail_executions')
      .reply(503, { message: `down, key ${KEY}` })
      .post('/rest/v1/rpc/fail_guardrail_execution')
      .reply(400, { message: 'bad', code: '22023' });
    const store = open();
    const down = await store
      .claimExpiredExecutions({ now: NOW, limit: 1, leaseMs: 1, owner: 'r' })
      .catch((x: unknown) => x);
    expect(isStoreUnavailableError(down)).toBe(true);
    expect((down as Error).message).not.toContain(KEY);
    const refused = await store.failExecution('x', 'e', false, NOW).catch((x: unknown) => x);
    expect(isStoreQueryError(refused)).toBe(true);
  });
});
