import { ConfigurationError } from '@opsguard/core';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { StoreQueryError, StoreUnavailableError } from './errors.js';
import {
  claimExpiredCall,
  failExecutionCall,
  finishRollbackCall,
  parseExecutionList,
  parseOptionalExecution,
  parseRecordedExecution,
  recordExecutionCall,
  rowToExecution,
  type ExecutionClaim,
  type ExecutionFilter,
  type GuardrailExecution,
  type GuardrailExecutionStore,
  type GuardrailRpcCall,
  type GuardrailRpcName,
  type NewGuardrailExecution,
  type RecordedExecution,
  type RollbackOutcome,
} from './guardrail-store.js';
import type { SupabaseStoreOptions } from './supabase-store.js';

interface Answer {
  readonly data: unknown;
  readonly error: { readonly message: string; readonly code?: string } | null;
  readonly status: number;
}

/**
 * Guardrail executions on Supabase: the same SQL functions by `rpc`, reads by `select`. The key
 * is kept out of every message, as in the main Supabase store.
 */
export class SupabaseGuardrailExecutionStore implements GuardrailExecutionStore {
  readonly #client: SupabaseClient;
  readonly #retry: boolean;
  readonly #redact: (text: string) => string;

  constructor(options: SupabaseStoreOptions) {
    const url = options.url.trim();
    const key = options.key.trim();
    if (!/^https?:\/\/[^\s/]+/i.test(url)) {
      throw new ConfigurationError('SUPABASE_URL must be the project URL, e.g. https://<project>.supabase.co');
    }
    if (key === '')
      throw new ConfigurationError('the Supabase service-role key is empty: set SUPABASE_SERVICE_ROLE_KEY');
    this.#retry = options.retry ?? true;
    this.#redact = (text) => (key.length >= 4 ? text.split(key).join('[redacted]') : text);
    const timeoutMs = options.timeoutMs ?? 30_000;
    const baseFetch = options.fetch ?? fetch;
    this.#client = createClient(url, key, {
      db: { schema: 'public' },
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      global: {
        fetch: (input, init) =>
          baseFetch(input, {
            ...init,
            signal: init?.signal
              ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)])
              : AbortSignal.timeout(timeoutMs),
          }),
      },
    });
  }

  #check(operation: string, answer: Answer): unknown {
    const { error, status } = answer;
    if (!error) return answer.data;
    const message = this.#redact(error.message);
    if (status === 0 || status >= 500) {
      throw new StoreUnavailableError(`store unavailable (supabase ${operation}): HTTP ${status}: ${message}`);
    }
    throw new StoreQueryError(operation, `supabase ${operation} failed (HTTP ${status}): ${message}`, {
      code: error.code ?? null,
      status,
    });
  }

  async #rpc<F extends GuardrailRpcName>(call: GuardrailRpcCall<F>): Promise<unknown> {
    return this.#check(`rpc ${call.fn}`, await this.#client.rpc(call.fn, call.args));
  }

  async recordExecution(execution: NewGuardrailExecution, now: Date): Promise<RecordedExecution> {
    return parseRecordedExecution(await this.#rpc(recordExecutionCall(execution, now)));
  }

  async failExecution(id: string, error: string, expireNow: boolean, now: Date): Promise<GuardrailExecution | null> {
    return parseOptionalExecution(await this.#rpc(failExecutionCall(id, error, expireNow, now)));
  }

  async claimExpiredExecutions(claim: ExecutionClaim): Promise<GuardrailExecution[]> {
    return parseExecutionList(await this.#rpc(claimExpiredCall(claim)), 'claim_expired_guardrail_executions');
  }

  async finishRollback(
    id: string,
    owner: string,
    outcome: RollbackOutcome,
    error: string | null,
    now: Date,
  ): Promise<GuardrailExecution | null> {
    return parseOptionalExecution(await this.#rpc(finishRollbackCall(id, owner, outcome, error, now)));
  }

  async getExecution(id: string): Promise<GuardrailExecution | null> {
    const answer = await this.#client.from('guardrail_executions').select('*').eq('id', id).limit(1).retry(this.#retry);
    const rows = this.#check('select guardrail_executions', answer);
    return Array.isArray(rows) && rows[0] ? rowToExecution(rows[0]) : null;
  }

  async listExecutions(filter: ExecutionFilter = {}): Promise<GuardrailExecution[]> {
    const pageSize = 1000;
    const wanted = filter.limit ?? Number.POSITIVE_INFINITY;
    const rows: unknown[] = [];
    while (rows.length < wanted) {
      const from = rows.length;
      const to = from + Math.min(pageSize, wanted - from) - 1;
      let query = this.#client.from('guardrail_executions').select('*');
      if (filter.status !== undefined) query = query.eq('status', filter.status);
      if (filter.planHash !== undefined) query = query.eq('plan_hash', filter.planHash);
      query = query.order('executed_at', { ascending: true }).order('id', { ascending: true });
      const page = this.#check('select guardrail_executions', await query.range(from, to).retry(this.#retry));
      if (!Array.isArray(page)) throw new StoreQueryError('select guardrail_executions', 'no rows array returned');
      rows.push(...(page as unknown[]));
      if (page.length < to - from + 1) break;
    }
    return rows.map(rowToExecution);
  }
}
