export type * from './store.js';
export { StoreUnavailableError, isStoreUnavailableError, StoreQueryError, isStoreQueryError } from './errors.js';
export {
  MigrationChecksumError,
  isMigrationChecksumError,
  MigrationPermissionError,
  isMigrationPermissionError,
} from './migrate.js';
export type { SupabaseStoreOptions } from './supabase-store.js';
export { MAX_BATCH_ROWS } from './batches.js';
export {
  migrate,
  readMigrations,
  embeddedMigrations,
  defaultMigrationsDir,
  type Migration,
  type MigrationReport,
} from './migrate.js';
export { openStore, selectStore, type OpenStoreOptions, type StoreSelection } from './open-store.js';
export { openPgliteStore, DEFAULT_PGLITE_DIR, type PgliteStoreOptions } from './pglite-store.js';
export { openPostgresStore, migratePostgres, type PostgresStoreOptions } from './postgres-store.js';
export { rolePosture, describePosture, type RolePosture } from './role-posture.js';
export { RPC_ARGS, type RpcName } from './rpc-calls.js';
export { MemoryStore } from './memory-store.js';
export type * from './api-reader.js';
export { API_TABLES, InvalidCursorError, isInvalidCursorError } from './api-reader.js';
export type * from './intake-store.js';
export { apiCapabilitiesOf, type ApiCapabilities } from './api-capabilities.js';
export { INTAKE_RPC_ARGS, type IntakeRpcName } from './intake-calls.js';
export { API_TABLE_SPECS, KPI_COLUMNS, type ApiTableSpec, type ColumnType } from './api-tables.js';
export {
  auditTicketStoreOf,
  sqlAuditTicketStore,
  supabaseAuditTicketStore,
  type AuditTicketStore,
  type SaveTicketResult,
  type StoredTicket,
} from './audit-ticket-store.js';
export {
  killSwitchLogOf,
  sqlKillSwitchLog,
  supabaseKillSwitchLog,
  type KillSwitchLogEntry,
  type KillSwitchLogFilter,
  type KillSwitchLogReader,
} from './kill-switch-log.js';
export {
  GUARDRAIL_RPC_ARGS,
  type ExecutionClaim,
  type ExecutionFilter,
  type GuardrailExecution,
  type GuardrailExecutionStatus,
  type GuardrailExecutionStore,
  type GuardrailPrincipalRecord,
  type NewGuardrailExecution,
  type RecordedExecution,
  type RollbackOutcome,
} from './guardrail-store.js';
export { SqlGuardrailExecutionStore } from './sql-guardrail-store.js';
export { guardrailExecutionsOf } from './guardrail-executions-of.js';
export {
  MemoryRollbackRecordStore,
  ROLLBACK_RPC_ARGS,
  rollbackRecordsOf,
  sqlRollbackRecordStore,
  supabaseRollbackRecordStore,
  toRollbackRecord,
  type RollbackRecordFilter,
  type RollbackRecordStore,
  type RollbackRpcName,
} from './rollback-record-store.js';
export {
  MemoryRollbackHistoryStore,
  rollbackHistoryOf,
  sqlRollbackHistoryStore,
  supabaseRollbackHistoryStore,
  type RollbackHistoryFilter,
  type RollbackHistoryStore,
} from './rollback-history-store.js';
export {
  awsRestoreRecordsOf,
  sqlAwsRestoreRecordStore,
  supabaseAwsRestoreRecordStore,
  type AwsRestoreRecordStore,
} from './aws-restore-record-store.js';
