import { resolve } from 'node:path';
import { ConfigurationError, resolveTarget, type KillSwitchScope } from '@opsguard/core';
import { booleanOption, choiceOption, integerOption, stringOption } from '../args.js';
import { writeLine, type CliCommand, type CliIo, type ParsedValues } from '../command.js';

const ACTIONS = ['status', 'activate', 'deactivate', 'list'] as const;
const SCOPES = ['global', 'service', 'action'] as const;
type Verb = (typeof ACTIONS)[number];

function sinceOf(values: ParsedValues): Date | undefined {
  const text = stringOption(values, 'since');
  if (text === undefined) return undefined;
  const at = new Date(text);
  if (Number.isNaN(at.getTime()))
    throw new ConfigurationError(`--since must be a date or time (2026-12-01, 2026-12-01T09:00:00Z), not "${text}"`);
  return at;
}

export const killswitchCommand: CliCommand = {
  name: 'killswitch',
  summary:
    'Stop or resume automation (global, per service/workflow, per action type) and what runs; show the state or the log',
  usage:
    'opsguard killswitch <status|activate|deactivate|list> [--repo OWNER/NAME] [--scope global|service|action] [--target T] [--reason R] [--restore [--verify-minutes M]] [--since DATE] [--json]',
  positionals: ['status|activate|deactivate|list'],
  options: {
    repo: {
      type: 'string',
      description: 'the repository whose workflows and runs the brake stops (needs GITHUB_TOKEN with actions: write)',
      valueName: 'OWNER/NAME',
    },
    scope: { type: 'string', description: 'global, service or action (list: only this scope)', valueName: 'scope' },
    target: {
      type: 'string',
      description: 'service/workflow (scope service) or action type (scope action)',
      valueName: 'T',
    },
    reason: { type: 'string', description: 'why (required to activate or deactivate; logged)', valueName: 'R' },
    'no-stop-runs': { type: 'boolean', description: 'activate: hold the switch only, leave workflows and runs alone' },
    'force-after': {
      type: 'string',
      description: 'seconds before runs still going are force-cancelled (120)',
      valueName: 'S',
    },
    restore: { type: 'boolean', description: 'deactivate: re-enable what this switch disabled' },
    'verify-minutes': {
      type: 'string',
      description: 'deactivate --restore: watch the next run of each re-enabled workflow this long, then report',
      valueName: 'M',
    },
    rules: {
      type: 'string',
      description: 'your kill-switch rules JSON (allow list, force-after), merged over the bundled ones',
      valueName: 'FILE',
    },
    'dry-run': { type: 'boolean', description: 'say what would change, change nothing' },
    since: { type: 'string', description: 'list: entries at or after this date or time', valueName: 'DATE' },
    json: { type: 'boolean', description: 'print the result as JSON' },
  },
  async run(values, positionals, io) {
    const verb = positionals[0];
    if (verb === undefined || !(ACTIONS as readonly string[]).includes(verb)) {
      throw new ConfigurationError(`say what to do: ${ACTIONS.join(', ')}${verb ? ` (not "${verb}")` : ''}`);
    }
    const given = choiceOption(values, 'scope', SCOPES);
    const scope = given ?? 'global';
    const reason = stringOption(values, 'reason') ?? '';
    const changes = verb === 'activate' || verb === 'deactivate';
    if (changes && reason.trim() === '') throw new ConfigurationError(`--reason is required to ${verb}`);
    const target = changes ? resolveTarget(scope, stringOption(values, 'target')) : '*';
    const since = sinceOf(values);
    const forceAfter = integerOption(values, 'force-after', { min: 0, max: 3600 });
    const verifyMinutes = integerOption(values, 'verify-minutes', { min: 0, max: 360 }) ?? 0;
    if (verifyMinutes > 0 && (verb !== 'deactivate' || !booleanOption(values, 'restore')))
      throw new ConfigurationError('--verify-minutes watches what deactivate --restore re-enables: add --restore');
    const repoArg = stringOption(values, 'repo');
    const { parseRepo } = await import('@opsguard/github');
    const repo = repoArg === undefined ? null : parseRepo(repoArg);
    if (verifyMinutes > 0 && repo === null)
      throw new ConfigurationError('--verify-minutes watches workflows on GitHub: give --repo OWNER/NAME');
    const token = io.env['GITHUB_TOKEN'] ?? io.env['GH_TOKEN'];
    if (repo && !token)
      throw new ConfigurationError('set GITHUB_TOKEN (actions: write to stop runs; issues: write to notify)');
    if (!repo && changes && !booleanOption(values, 'no-stop-runs') && scope !== 'action' && verb === 'activate') {
      writeLine(
        io.stderr,
        'no --repo: the switch is held in the store, but no workflow is disabled and no run cancelled',
      );
    }
    const common = { verb: verb as Verb, scope, target, reason, since, given, forceAfter, verifyMinutes };
    return repo && token ? withRepo(values, io, common, repo, token) : storeOnly(values, io, common);
  },
};

interface Common {
  readonly verb: Verb;
  readonly scope: KillSwitchScope;
  readonly target: string;
  readonly reason: string;
  readonly since: Date | undefined;
  readonly given: KillSwitchScope | undefined;
  readonly forceAfter: number | undefined;
  readonly verifyMinutes: number;
}

const rulesOf = (values: ParsedValues, io: CliIo): string | undefined => {
  const file = stringOption(values, 'rules');
  return file === undefined ? undefined : resolve(io.cwd, file);
};

const actorOf = (io: CliIo) => `${io.env['USER'] ?? 'someone'} via opsguard-cli`;

/** With --repo: the whole kill switch (stop, restore, read back, notify), as the action does. */
async function withRepo(
  values: ParsedValues,
  io: CliIo,
  c: Common,
  repo: { owner: string; repo: string },
  token: string,
): Promise<number> {
  const { selectStore } = await import('@opsguard/store');
  const { killSwitchSummary, killVariableSetting, runKillSwitch } = await import('@opsguard/engine');
  const report = await runKillSwitch(
    {
      repo,
      token,
      env: io.env,
      store: selectStore(io.env),
      cwd: io.cwd,
      killVariable: killVariableSetting(undefined, io.env),
      slackWebhook: io.env['SLACK_WEBHOOK_URL'],
      rulesFile: rulesOf(values, io),
      // The watch needs the time it asks for, and a margin for the report.
      ...(c.verifyMinutes > 0 && { timeBudgetMs: (c.verifyMinutes + 5) * 60_000 }),
      log: (line) => writeLine(io.stderr, line),
    },
    {
      command: c.verb,
      scope: c.scope,
      target: c.target,
      reason: c.reason,
      actor: actorOf(io),
      stopRuns: !booleanOption(values, 'no-stop-runs') && c.scope !== 'action',
      restore: booleanOption(values, 'restore'),
      ...(c.forceAfter === undefined ? {} : { forceAfterMs: c.forceAfter * 1000 }),
      verifyMs: c.verifyMinutes * 60_000,
      self: null,
      dryRun: booleanOption(values, 'dry-run'),
      ...(c.since ? { since: c.since } : {}),
      ...(c.given ? { scopeFilter: c.given } : {}),
    },
  );
  writeLine(io.stdout, booleanOption(values, 'json') ? JSON.stringify(report, null, 2) : killSwitchSummary(report));
  return report.verified ? 0 : 1;
}

/** Without --repo: the switch in the store only (no GitHub), its state, its log. */
async function storeOnly(values: ParsedValues, io: CliIo, c: Common): Promise<number> {
  const { openStore, selectStore, killSwitchLogOf, rollbackRecordsOf } = await import('@opsguard/store');
  const { createBrake, killSwitchStatus, setKillSwitch } = await import('@opsguard/guard');
  const store = await openStore(selectStore(io.env), { cwd: io.cwd });
  // The same reading of the brake as every command and action (OPSGUARD_KILL from the environment).
  const variable = io.env['OPSGUARD_KILL'];
  const brake = createBrake(
    store,
    variable !== undefined && variable.trim() !== '' ? { source: 'environment', read: async () => variable } : null,
  );
  const json = booleanOption(values, 'json');
  try {
    if (c.verb === 'activate' || c.verb === 'deactivate') {
      await setKillSwitch(
        store,
        { scope: c.scope, target: c.target, reason: c.reason, actor: actorOf(io), at: io.now() },
        c.verb === 'activate',
      );
      writeLine(
        io.stderr,
        `${c.verb === 'activate' ? 'activated' : 'deactivated'} the ${c.scope} kill switch${c.scope === 'global' ? '' : ` for ${c.target}`}`,
      );
    }
    if (c.verb === 'list') {
      const log = (await killSwitchLogOf(store)?.listKillSwitchLog(c.since ? { since: c.since } : {})) ?? [];
      const entries = c.given ? log.filter((e) => e.scope === c.given) : log;
      const records = (
        await rollbackRecordsOf(store).listRecords({ kind: 'kill-switch', ...(c.since ? { since: c.since } : {}) })
      ).filter((r) => !c.given || r.scope.startsWith(`${c.given}:`));
      if (json) writeLine(io.stdout, JSON.stringify({ log: entries, records }, null, 2));
      else {
        if (entries.length === 0) writeLine(io.stdout, 'The kill-switch log is empty.');
        for (const e of entries)
          writeLine(
            io.stdout,
            `${e.at}  ${e.active ? 'ON ' : 'off'}  ${e.scope.padEnd(8)}${e.target.padEnd(32)}${e.actor}: ${e.reason}`,
          );
        for (const r of records)
          writeLine(io.stdout, `${r.createdAt}  record ${r.status.padEnd(9)}${r.scope}: ${r.steps.length} step(s)`);
      }
      return 0;
    }
    const status = await killSwitchStatus(brake);
    if (json) {
      writeLine(io.stdout, JSON.stringify({ active: status.active, allStopped: status.allStopped }, null, 2));
    } else if (status.active.length === 0) {
      writeLine(io.stdout, `No kill switch is on (store: ${store.kind}).`);
    } else {
      writeLine(
        io.stdout,
        `${status.allStopped ? 'ALL automation is stopped' : 'Some automation is stopped'} (store: ${store.kind}):`,
      );
      for (const s of status.active)
        writeLine(io.stdout, `  ${s.scope.padEnd(8)}${s.target.padEnd(32)}${s.source.padEnd(10)}${s.reason ?? ''}`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
