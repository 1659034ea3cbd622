import {
  ConfigurationError,
  DEFAULT_KILL_STOP,
  evaluateKillSwitch,
  parseKillVariable,
  toError,
  type KillSwitchRules,
  type KillSwitchScope,
  type RollbackRecord,
} from '@opsguard/core';
import { formatRepo, getRepoVariable, type GitHubRequester, type RepoRef } from '@opsguard/github';
import {
  brakeGuard,
  killSwitchStatus,
  setKillSwitch,
  type Brake,
  type Guard,
  type KillSwitchStatus,
} from '@opsguard/guard';
import type { IssueChannel, Notification, NotificationChannel } from '@opsguard/notify';
import {
  killSwitchLogOf,
  rollbackRecordsOf,
  type KillSwitchLogEntry,
  type RollbackRecordStore,
  type Store,
} from '@opsguard/store';
import { notifyAll, type RecordedDelivery } from '../notify-outcomes.js';
import { killSwitchScopeKey, openKillSwitchRecord } from './kill-switch-records.js';
import { restoreWorkflows, type RestoreResult } from './restore-workflows.js';
import type { RecoveryReport } from '../rollback/recover-after-stop.js';
import { stopWorkflows, type StopResult } from './stop-workflows.js';
import {
  asTokenAdvice,
  holdInVariable,
  releaseVariable,
  VARIABLE_TOKEN_ADVICE,
  type VariableRestore,
} from './kill-variable.js';
import { variableRecordStore } from './variable-records.js';

export { VARIABLE_TOKEN_ADVICE };

export type KillCommand = 'activate' | 'deactivate' | 'status' | 'list';
export const KILL_COMMANDS: readonly KillCommand[] = ['activate', 'deactivate', 'status', 'list'];

export interface KillSwitchDeps {
  readonly client: GitHubRequester;
  readonly repo: RepoRef;
  readonly store: Store;
  readonly guard: Guard;
  readonly brake: Brake;
  readonly rules: KillSwitchRules;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  /** Slack (when configured) → issue → log; every send as the brake's own. */
  readonly channels: readonly NotificationChannel[];
  readonly issues: IssueChannel | null;
  readonly log: (line: string) => void;
  /**
   * The recovery handler (re-enable, watch the next runs, report, history), for a deactivate
   * with restore and a watch; absent → only the re-enable and its read-back.
   */
  readonly recover?: (record: RollbackRecord, watchMs: number, records: RollbackRecordStore) => Promise<RecoveryReport>;
}

export interface KillSwitchCommand {
  readonly command: KillCommand;
  readonly scope: KillSwitchScope;
  /** Resolved (`*` for global). */
  readonly target: string;
  readonly reason: string;
  readonly actor: string;
  /** Disable covered workflows and cancel their runs (default: on for global and service). */
  readonly stopRuns: boolean;
  /** deactivate: re-enable what this switch disabled (and nothing a person had). */
  readonly restore: boolean;
  /** deactivate with restore: watch the next run of each re-enabled workflow this long (0: do not). */
  readonly verifyMs?: number;
  readonly forceAfterMs?: number;
  /** GITHUB_WORKFLOW_REF's workflow file, never stopped. */
  readonly self: string | null;
  readonly dryRun?: boolean;
  /** list: entries at or after; and only this scope. */
  readonly since?: Date;
  readonly scopeFilter?: KillSwitchScope;
}

/** Where the switch is held: the store's switches, or the `OPSGUARD_KILL` variable (no store). */
export type Holder = 'store' | 'variable';

export interface KillSwitchReport {
  readonly command: KillCommand;
  readonly holder: Holder;
  /** The brake read back after the change. */
  readonly status: KillSwitchStatus;
  /** The read-back agrees with the command (the switch is on after activate, off after deactivate). */
  readonly verified: boolean;
  readonly stop: StopResult | null;
  readonly restore: RestoreResult | null;
  /** deactivate with restore and a watch: how the re-enabled workflows' next runs went. */
  readonly recovery: RecoveryReport | null;
  /** deactivate --restore without a store: what OPSGUARD_KILL was put back to. */
  readonly variable: VariableRestore | null;
  readonly deliveries: readonly RecordedDelivery[];
  /** list: the kill-switch log (store only) and the kill-switch rollback records. */
  readonly log: readonly KillSwitchLogEntry[] | null;
  readonly records: readonly RollbackRecord[];
}

const holderOf = (store: Store): Holder => (store.kind === 'runner' ? 'variable' : 'store');

/**
 * The brake read back after a change. Without a store the variable is read through the API: a
 * value handed in as an input was read before the write and would not show it.
 */
async function readBack(deps: KillSwitchDeps, holder: Holder): Promise<KillSwitchStatus> {
  if (holder === 'store') return killSwitchStatus(deps.brake);
  const active = parseKillVariable(await getRepoVariable(deps.client, deps.repo, 'OPSGUARD_KILL')).map((e) => ({
    ...e,
    source: 'api' as const,
  }));
  return {
    active,
    allStopped: evaluateKillSwitch(active, { service: '\u0000', action: '\u0000' }).killed,
    variable: 'api',
  };
}

function notification(cmd: KillSwitchCommand, report: Pick<KillSwitchReport, 'stop' | 'restore'>): Notification {
  const what = cmd.scope === 'global' ? 'all automation' : `${cmd.scope} ${cmd.target}`;
  const on = cmd.command === 'activate';
  const lines = [`reason: ${cmd.reason}`, `by: ${cmd.actor}`];
  if (report.stop) {
    const disabled = report.stop.workflows.filter((w) => w.outcome === 'disabled').map((w) => w.name);
    lines.push(
      `disabled: ${disabled.join(', ') || 'none'}`,
      `cancelled ${report.stop.cancelled.length} run(s), force-cancelled ${report.stop.forceCancelled.length}`,
      ...report.stop.notStopped.map((n) => `NOT stopped: ${n.target} (${n.step}: ${n.message})`),
    );
  }
  if (report.restore) {
    const enabled = report.restore.workflows.filter((w) => w.outcome === 'enabled').map((w) => w.name);
    lines.push(`re-enabled: ${enabled.join(', ') || 'none'}`);
  }
  return {
    fingerprint: `kill-switch:${cmd.scope}:${cmd.target}`,
    kind: 'kill-switch',
    severity: on ? 'critical' : 'info',
    title: on ? `Kill switch ON: ${what} stopped` : `Kill switch off: ${what} may run again`,
    lines,
    links: [],
  };
}

async function recordsFor(deps: KillSwitchDeps): Promise<RollbackRecordStore> {
  return holderOf(deps.store) === 'store'
    ? rollbackRecordsOf(deps.store)
    : variableRecordStore({ client: deps.client, repo: deps.repo, guard: deps.guard, now: deps.now });
}

/**
 * `activate | deactivate [--restore] | status | list`, one implementation for the action and the
 * CLI. Activate holds the switch first (store, else the variable), then stops what runs; both are
 * read back. Deactivate releases it, then restores when asked. Both notify.
 */
export async function operateKillSwitch(deps: KillSwitchDeps, cmd: KillSwitchCommand): Promise<KillSwitchReport> {
  const holder = holderOf(deps.store);
  const dryRun = cmd.dryRun === true;
  if (cmd.command === 'status' || cmd.command === 'list') {
    const status = await killSwitchStatus(deps.brake);
    const log = cmd.command === 'list' ? await listLog(deps, cmd) : null;
    const records =
      cmd.command === 'list'
        ? await (
            await recordsFor(deps)
          ).listRecords({
            kind: 'kill-switch',
            repo: formatRepo(deps.repo),
            ...(cmd.since ? { since: cmd.since } : {}),
          })
        : [];
    const scoped = cmd.scopeFilter ? records.filter((r) => r.scope.startsWith(`${cmd.scopeFilter}:`)) : records;
    return {
      command: cmd.command,
      holder,
      status,
      verified: true,
      stop: null,
      restore: null,
      recovery: null,
      variable: null,
      deliveries: [],
      log,
      records: scoped,
    };
  }
  const active = cmd.command === 'activate';
  if (cmd.reason.trim() === '' && (active || deps.rules.requireReason))
    throw new ConfigurationError(`a reason is required to ${cmd.command}: it goes into the kill-switch log`);
  // Without a store the records come first: OPSGUARD_KILL's prior value is recorded before its write.
  const records = await recordsFor(deps).catch((error: unknown) => {
    throw holder === 'variable' ? asTokenAdvice(error) : error;
  });
  const sw = { scope: cmd.scope, target: cmd.target, reason: cmd.reason, actor: cmd.actor };
  let variable: VariableRestore | null = null;
  if (!dryRun) {
    if (holder === 'store') {
      await setKillSwitch(
        deps.store,
        { scope: cmd.scope, target: cmd.target, reason: cmd.reason, actor: cmd.actor, at: deps.now() },
        active,
      );
    } else if (active) await holdInVariable(deps, records, sw);
    else variable = await releaseVariable(deps, records, sw, cmd.restore);
  }
  const stopRules = deps.rules.stop ?? DEFAULT_KILL_STOP;
  let stop: StopResult | null = null;
  let restore: RestoreResult | null = null;
  let recovery: RecoveryReport | null = null;
  const stepDeps = {
    client: deps.client,
    repo: deps.repo,
    guard: deps.guard,
    records,
    now: deps.now,
    sleep: deps.sleep,
    log: deps.log,
  };
  if (active && cmd.stopRuns && cmd.scope !== 'action') {
    stop = await stopWorkflows(stepDeps, {
      scope: cmd.scope,
      target: cmd.target,
      reason: cmd.reason,
      actor: cmd.actor,
      self: cmd.self,
      allow: stopRules.allow,
      forceAfterMs: cmd.forceAfterMs ?? stopRules.forceAfterSeconds * 1000,
      pollMs: stopRules.pollSeconds * 1000,
      dryRun,
    });
  }
  if (!active && cmd.restore) {
    const record = await openKillSwitchRecord(
      records,
      formatRepo(deps.repo),
      killSwitchScopeKey(cmd.scope, cmd.target),
    );
    if (variable) deps.log(`kill switch: OPSGUARD_KILL ${variable.outcome} (${variable.value ?? 'absent'})`);
    if (record && (cmd.verifyMs ?? 0) > 0 && deps.recover && !dryRun) {
      recovery = await deps.recover(record, cmd.verifyMs ?? 0, records);
      restore = recovery.restore;
    } else if (record) restore = await restoreWorkflows(stepDeps, record, { dryRun });
    else
      deps.log(`kill switch: no rollback record of ${cmd.scope} ${cmd.target} to restore (nothing was disabled by it)`);
  }
  const status = await readBack(deps, holder).catch((error: unknown) => {
    deps.log(`kill switch: the brake could not be read back: ${toError(error).message}`);
    return null;
  });
  const holds = status?.active.some((s) => s.scope === cmd.scope && s.target === cmd.target) ?? false;
  const verified =
    status !== null && (dryRun || holds === active) && (stop?.verified ?? true) && (restore?.verified ?? true);
  const deliveries = dryRun
    ? []
    : await notifyAll(
        {
          guard: brakeGuard(deps.guard),
          repo: formatRepo(deps.repo),
          channels: deps.channels,
          issues: deps.issues,
          dryRun,
          store: deps.store,
          now: deps.now,
          log: deps.log,
        },
        [notification(cmd, { stop, restore })],
      );
  return {
    command: cmd.command,
    holder,
    status: status ?? { active: [], allStopped: false, variable: deps.brake.variable },
    verified,
    stop,
    restore,
    recovery,
    variable,
    deliveries,
    log: null,
    records: [],
  };
}

async function listLog(deps: KillSwitchDeps, cmd: KillSwitchCommand): Promise<KillSwitchLogEntry[] | null> {
  const reader = killSwitchLogOf(deps.store);
  if (!reader) return null;
  const entries = await reader.listKillSwitchLog(cmd.since ? { since: cmd.since } : {});
  return cmd.scopeFilter ? entries.filter((e) => e.scope === cmd.scopeFilter) : entries;
}
