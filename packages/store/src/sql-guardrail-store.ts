import type { JsonValue } from '@opsguard/core';
import { toStoreError } from './errors.js';
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
import type { SqlExecutor } from './sql-executor.js';

const COLUMNS = `id, plan_hash, policy_id, mode, account_id, budget_name, principals, deny_actions, policy_arn,
  policy_document, status, executed_by, executed_at, ttl_expires_at, attempts, consecutive_failures, last_error,
  rolled_back_at, updated_at`;

/** Guardrail executions on a Postgres server (`pg`) or PGlite: the same statements on both. */
export class SqlGuardrailExecutionStore implements GuardrailExecutionStore {
  constructor(private readonly db: SqlExecutor) {}

  private async rpc<F extends GuardrailRpcName>(call: GuardrailRpcCall<F>): Promise<unknown> {
    const entries: [string, JsonValue][] = Object.entries(call.args as Readonly<Record<string, JsonValue>>);
    const args = entries.map(([name], i) => `${name} => $${i + 1}`).join(', ');
    const params = entries.map(([, v]) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : v));
    try {
      const rows = await this.db.query(`select public.${call.fn}(${args}) as result`, params);
      return rows[0]?.['result'];
    } catch (error) {
      throw toStoreError(error, call.fn);
    }
  }

  async recordExecution(execution: NewGuardrailExecution, now: Date): Promise<RecordedExecution> {
    return parseRecordedExecution(await this.rpc(recordExecutionCall(execution, now)));
  }

  async failExecution(id: string, error: string, expireNow: boolean, now: Date): Promise<GuardrailExecution | null> {
    return parseOptionalExecution(await this.rpc(failExecutionCall(id, error, expireNow, now)));
  }

  async claimExpiredExecutions(claim: ExecutionClaim): Promise<GuardrailExecution[]> {
    return parseExecutionList(await this.rpc(claimExpiredCall(claim)), 'claim_expired_guardrail_executions');
  }

  async finishRollback(
    id: string,
    owner: string,
    outcome: RollbackOutcome,
    error: string | null,
    now: Date,
  ): Promise<GuardrailExecution | null> {
    return parseOptionalExecution(await this.rpc(finishRollbackCall(id, owner, outcome, error, now)));
  }

  async getExecution(id: string): Promise<GuardrailExecution | null> {
    const rows = await this.db.query(`select ${COLUMNS} from public.guardrail_executions where id = $1`, [id]);
    return rows[0] ? rowToExecution(rows[0]) : null;
  }

  async listExecutions(filter: ExecutionFilter = {}): Promise<GuardrailExecution[]> {
    const params: unknown[] = [];
    const conditions: string[] = [];
    if (filter.status !== undefined) conditions.push(`status = $${params.push(filter.status)}`);
    if (filter.planHash !== undefined) conditions.push(`plan_hash = $${params.push(filter.planHash)}`);
    const where = conditions.length ? ` where ${conditions.join(' and ')}` : '';
    const limit = filter.limit !== undefined ? ` limit $${params.push(Math.max(0, Math.floor(filter.limit)))}` : '';
    const rows = await this.db.query(
      `select ${COLUMNS} from public.guardrail_executions${where} order by executed_at, id${limit}`,
      params,
    );
    return rows.map(rowToExecution);
  }
}
