import type { BackendHandle, PostgrestAnswer } from './backend-handles.js';
import { StoreQueryError } from './errors.js';
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

type SupabaseHandle = Extract<BackendHandle, { kind: 'supabase' }>;

/**
 * Guardrail executions on Supabase, on the main Supabase store's client (the same key, timeout
 * and answer check): the SQL functions by `rpc`, reads by `select`.
 */
export class SupabaseGuardrailExecutionStore implements GuardrailExecutionStore {
  constructor(private readonly handle: SupabaseHandle) {}

  #check(operation: string, answer: PostgrestAnswer): unknown {
    return this.handle.check(operation, answer);
  }

  async #rpc<F extends GuardrailRpcName>(call: GuardrailRpcCall<F>): Promise<unknown> {
    return this.#check(`rpc ${call.fn}`, await this.handle.client.rpc(call.fn, call.args));
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
    const answer = await this.handle.client
      .from('guardrail_executions')
      .select('*')
      .eq('id', id)
      .limit(1)
      .retry(this.handle.retry);
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
      let query = this.handle.client.from('guardrail_executions').select('*');
      if (filter.status !== undefined) query = query.eq('status', filter.status);
      if (filter.planHash !== undefined) query = query.eq('plan_hash', filter.planHash);
      query = query.order('executed_at', { ascending: true }).order('id', { ascending: true });
      const page = this.#check('select guardrail_executions', await query.range(from, to).retry(this.handle.retry));
      if (!Array.isArray(page)) throw new StoreQueryError('select guardrail_executions', 'no rows array returned');
      rows.push(...(page as unknown[]));
      if (page.length < to - from + 1) break;
    }
    return rows.map(rowToExecution);
  }
}
