import {
  admitCircuit,
  CLOSED_CIRCUIT,
  computeKpis,
  refillBucket,
  type BucketState,
  type CircuitSnapshot,
  type JsonObject,
  type KpiFigures,
} from '@opsguard/core';
import { jobKey, runKey } from './record-rows.js';
import type {
  AuditFilter,
  AuditRecord,
  BreakerAdmission,
  BreakerSnapshot,
  BreakerSpec,
  IdempotencyClaim,
  IdempotencyRecord,
  IdempotencyResult,
  JobRecord,
  KillSwitchChange,
  KillSwitchState,
  KpiWindowQuery,
  KpiWindowRow,
  MetricPoint,
  NotificationFilter,
  NotificationRecord,
  RetryHistoryRecord,
  RunFilter,
  RunRecord,
  Store,
  StoreKind,
  TokenBucketSpec,
  TokenGrant,
  UpsertResult,
} from './store.js';

/** floats cannot hold 10/min exactly; the SQL function forgives the same rounding. */
const EPSILON = 1e-9;

const inRange = (iso: string, filter: RunFilter) =>
  (!filter.since || iso >= filter.since.toISOString()) && (!filter.until || iso < filter.until.toISOString());

/**
 * The Store's semantics in this process's memory: what a job keeps when there is no database
 * (the runner's store-less mode builds on it) and a fast double for engine tests. The state
 * machines are core's, the same the SQL functions implement; nothing here outlives the process.
 */
export class MemoryStore implements Store {
  readonly kind: StoreKind = 'memory';
  readonly #switches = new Map<string, KillSwitchState>();
  readonly #buckets = new Map<string, BucketState>();
  readonly #breakers = new Map<string, { snapshot: CircuitSnapshot; updatedAtMs: number }>();
  readonly #keys = new Map<string, IdempotencyRecord>();
  readonly #audit = new Map<string, AuditRecord>();
  readonly #runs = new Map<string, RunRecord>();
  readonly #jobs = new Map<string, JobRecord>();
  readonly #retries: RetryHistoryRecord[] = [];
  readonly #notifications: NotificationRecord[] = [];
  readonly #metrics = new Map<string, number>();

  async ping(): Promise<void> {}

  async close(): Promise<void> {}

  async listKillSwitches(): Promise<KillSwitchState[]> {
    return [...this.#switches.values()].sort((a, b) =>
      `${a.scope}\u0000${a.target}`.localeCompare(`${b.scope}\u0000${b.target}`),
    );
  }

  async setKillSwitch(change: KillSwitchChange): Promise<KillSwitchState> {
    if (change.scope === 'global' && change.target !== '*') throw new Error('the global kill switch has the target *');
    const state: KillSwitchState = {
      scope: change.scope,
      target: change.target,
      active: change.active,
      reason: change.reason,
      updatedBy: change.actor,
      updatedAt: change.at.toISOString(),
    };
    this.#switches.set(`${change.scope}\u0000${change.target}`, state);
    return state;
  }

  async consumeTokens(buckets: readonly TokenBucketSpec[], now: Date): Promise<TokenGrant> {
    const nowMs = now.getTime();
    const refilled = new Map<string, BucketState>();
    for (const spec of buckets) {
      if (!refilled.has(spec.key))
        refilled.set(spec.key, refillBucket(this.#buckets.get(spec.key) ?? null, spec, nowMs));
    }
    // The first refusing bucket in the caller's order is reported; all are consumed or none.
    const denied = buckets.find((spec) => (refilled.get(spec.key)?.tokens ?? 0) + EPSILON < 1);
    for (const [key, state] of refilled) {
      this.#buckets.set(key, denied ? state : { ...state, tokens: Math.max(0, state.tokens - 1) });
    }
    if (!denied) return { allowed: true, deniedKey: null, retryAfterMs: 0 };
    const tokens = refilled.get(denied.key)?.tokens ?? 0;
    return {
      allowed: false,
      deniedKey: denied.key,
      retryAfterMs: Math.ceil(((1 - tokens) / denied.refillPerSecond) * 1000),
    };
  }

  async admitBreaker(spec: BreakerSpec, now: Date): Promise<BreakerAdmission> {
    const current = this.#breakers.get(spec.target);
    if (!current) return { allowed: true, state: 'closed', retryAfterMs: 0 };
    const admission = admitCircuit(current.snapshot, spec, now.getTime());
    if (admission.snapshot !== current.snapshot) {
      this.#breakers.set(spec.target, { snapshot: admission.snapshot, updatedAtMs: now.getTime() });
    }
    return { allowed: admission.allowed, state: admission.snapshot.state, retryAfterMs: admission.retryAfterMs };
  }

  /** As `record_breaker_outcome`: outcomes of calls admitted before it opened count only as failures. */
  async recordBreakerOutcome(spec: BreakerSpec, success: boolean, now: Date): Promise<BreakerSnapshot> {
    const nowMs = now.getTime();
    const stored = this.#breakers.get(spec.target)?.snapshot ?? CLOSED_CIRCUIT;
    const current =
      stored.state === 'open' && nowMs >= (stored.openedAtMs ?? nowMs) + spec.openMs
        ? { ...stored, state: 'half_open' as const, consecutiveSuccesses: 0 }
        : stored;
    const next = nextBreakerState(current, spec, success, nowMs);
    this.#breakers.set(spec.target, { snapshot: next, updatedAtMs: nowMs });
    return breakerSnapshotOf(spec.target, next, nowMs);
  }

  async getBreaker(target: string): Promise<BreakerSnapshot | null> {
    const current = this.#breakers.get(target);
    return current ? breakerSnapshotOf(target, current.snapshot, current.updatedAtMs) : null;
  }

  async claimIdempotencyKey(claim: IdempotencyClaim): Promise<IdempotencyResult> {
    if (!(claim.ttlMs > 0)) throw new Error('claimIdempotencyKey: ttlMs must be positive');
    const existing = this.#keys.get(claim.key);
    if (existing && Date.parse(existing.expiresAt) > claim.now.getTime()) return { claimed: false, existing };
    this.#keys.set(claim.key, {
      key: claim.key,
      scope: claim.scope,
      owner: claim.owner,
      status: 'claimed',
      result: null,
      claimedAt: claim.now.toISOString(),
      expiresAt: new Date(claim.now.getTime() + claim.ttlMs).toISOString(),
    });
    return { claimed: true, existing: null };
  }

  async completeIdempotencyKey(
    key: string,
    status: 'completed' | 'failed',
    result: JsonObject,
    _now: Date,
  ): Promise<void> {
    const existing = this.#keys.get(key);
    if (existing) this.#keys.set(key, { ...existing, status, result });
  }

  async releaseIdempotencyKey(key: string, owner: string): Promise<boolean> {
    const existing = this.#keys.get(key);
    if (!existing || existing.owner !== owner || existing.status !== 'claimed') return false;
    this.#keys.delete(key);
    return true;
  }

  async appendAudit(record: AuditRecord): Promise<{ inserted: boolean }> {
    if (this.#audit.has(record.id)) return { inserted: false };
    this.#audit.set(record.id, record);
    return { inserted: true };
  }

  async listAudit(filter: AuditFilter = {}): Promise<AuditRecord[]> {
    const rows = [...this.#audit.values()]
      .filter((r) => !filter.since || r.at >= filter.since.toISOString())
      .filter((r) => filter.action === undefined || r.action === filter.action)
      .filter((r) => filter.target === undefined || r.target === filter.target)
      .sort((a, b) => (a.at === b.at ? a.id.localeCompare(b.id) : a.at.localeCompare(b.at)));
    return filter.limit === undefined ? rows : rows.slice(0, Math.max(0, Math.floor(filter.limit)));
  }

  async upsertRuns(rows: readonly RunRecord[]): Promise<UpsertResult> {
    for (const row of rows) this.#runs.set(runKey(row), row);
    return { rows: new Set(rows.map(runKey)).size, requests: rows.length === 0 ? 0 : 1 };
  }

  async upsertJobs(rows: readonly JobRecord[]): Promise<UpsertResult> {
    for (const row of rows) this.#jobs.set(jobKey(row), row);
    return { rows: new Set(rows.map(jobKey)).size, requests: rows.length === 0 ? 0 : 1 };
  }

  async listRuns(filter: RunFilter = {}): Promise<RunRecord[]> {
    return [...this.#runs.values()]
      .filter((r) => (filter.repo === undefined || r.repo === filter.repo) && inRange(r.createdAt, filter))
      .sort(
        (a, b) =>
          a.createdAt.localeCompare(b.createdAt) ||
          a.repo.localeCompare(b.repo) ||
          a.runId - b.runId ||
          a.attempt - b.attempt,
      );
  }

  async insertRetryHistory(record: RetryHistoryRecord): Promise<void> {
    this.#retries.push(record);
  }

  async listRetryHistory(filter: RunFilter = {}): Promise<RetryHistoryRecord[]> {
    return this.#retries
      .filter((r) => (filter.repo === undefined || r.repo === filter.repo) && inRange(r.decidedAt, filter))
      .sort((a, b) => a.decidedAt.localeCompare(b.decidedAt));
  }

  async insertNotification(record: NotificationRecord): Promise<void> {
    this.#notifications.push(record);
  }

  async listNotifications(filter: NotificationFilter = {}): Promise<NotificationRecord[]> {
    return this.#notifications
      .filter((n) => filter.repo === undefined || n.repo === filter.repo)
      .filter((n) => !filter.since || n.createdAt >= filter.since.toISOString())
      .filter((n) => filter.fingerprint === undefined || n.fingerprint === filter.fingerprint)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** The same definitions as the SQL `kpi_window`: core's computeKpis over the kept rows. */
  async kpiWindow(query: KpiWindowQuery): Promise<KpiWindowRow[]> {
    const attempts = (await this.listRuns({ repo: query.repo })).filter((r) => r.createdAt <= query.now.toISOString());
    const reruns = new Set(
      this.#retries
        .filter((h) => h.repo === query.repo && h.decision === 'rerun' && h.act?.kind === 'requested')
        .map((h) => `${h.runId}:${h.attempt + 1}`),
    );
    const report = computeKpis({
      attempts,
      defaultBranch: query.defaultBranch,
      opsguardReruns: reruns,
      now: query.now,
      windowsDays: [query.days],
    });
    const window = report.windows[0];
    if (!window) return [];
    const names = Object.keys(window.byWorkflow).sort();
    return [
      kpiRowOf(null, window.overall),
      ...names.flatMap((name) => {
        const figures = window.byWorkflow[name];
        return figures ? [kpiRowOf(name, figures)] : [];
      }),
    ];
  }

  async incrementMetric(point: MetricPoint): Promise<void> {
    const minute = Math.floor(point.at.getTime() / 60_000) * 60_000;
    const key = JSON.stringify([point.name, Object.entries(point.labels).sort(), minute]);
    this.#metrics.set(key, (this.#metrics.get(key) ?? 0) + point.value);
  }
}

/** `record_breaker_outcome`, step for step (the SQL keeps the success count on closing). */
function nextBreakerState(c: CircuitSnapshot, spec: BreakerSpec, success: boolean, nowMs: number): CircuitSnapshot {
  if (success) {
    if (c.state === 'open') return c;
    const successes = c.consecutiveSuccesses + 1;
    const closes = c.state === 'half_open' && successes >= spec.successThreshold;
    return {
      state: closes ? 'closed' : c.state,
      consecutiveFailures: 0,
      consecutiveSuccesses: successes,
      openedAtMs: closes ? null : c.openedAtMs,
    };
  }
  const failures = c.consecutiveFailures + 1;
  const opens = c.state === 'half_open' || (c.state === 'closed' && failures >= spec.failureThreshold);
  return {
    state: opens ? 'open' : c.state,
    consecutiveFailures: failures,
    consecutiveSuccesses: 0,
    openedAtMs: opens ? nowMs : c.openedAtMs,
  };
}

function breakerSnapshotOf(target: string, s: CircuitSnapshot, updatedAtMs: number): BreakerSnapshot {
  return {
    target,
    state: s.state,
    consecutiveFailures: s.consecutiveFailures,
    consecutiveSuccesses: s.consecutiveSuccesses,
    openedAt: s.openedAtMs === null ? null : new Date(s.openedAtMs).toISOString(),
    updatedAt: new Date(updatedAtMs).toISOString(),
  };
}

function kpiRowOf(workflowName: string | null, f: KpiFigures): KpiWindowRow {
  return {
    workflowName,
    runs: f.runs,
    attempts: f.attempts,
    successRateByRun: f.successRateByRun,
    successRateByAttempt: f.successRateByAttempt,
    meanRetryCount: f.meanRetryCount,
    durationMeanMs: f.durationMs.mean,
    durationP50Ms: f.durationMs.p50,
    durationP95Ms: f.durationMs.p95,
    queueP50Ms: f.queueMs.p50,
    queueP95Ms: f.queueMs.p95,
    mttrMs: f.mttrMs,
    incidents: f.incidents,
    autoRecoveryRate: f.autoRecoveryRate,
    autoReruns: f.autoReruns,
    failuresByCause: f.failuresByCause,
  };
}
