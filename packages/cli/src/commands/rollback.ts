import { ConfigurationError, type RollbackConditionKind } from '@opsguard/core';
import { booleanOption, choiceOption, integerOption, requiredString, stringOption } from '../args.js';
import { writeLine, type CliCommand, type CliIo, type ParsedValues } from '../command.js';

const VERBS = ['plan', 'apply', 'history'] as const;
const CONDITIONS: readonly RollbackConditionKind[] = [
  'manual',
  'consecutive-failures',
  'critical-anomaly',
  'secret-leak',
];

function list(values: ParsedValues, name: string): string[] {
  const value = values[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
}

async function openRollback(values: ParsedValues, io: CliIo) {
  const [{ parseRepo }, { selectStore }, engine, { loadRollbackRules }] = await Promise.all([
    import('@opsguard/github'),
    import('@opsguard/store'),
    import('@opsguard/engine'),
    import('@opsguard/config'),
  ]);
  const repo = parseRepo(requiredString(values, 'repo'));
  const forceAfter = integerOption(values, 'force-after', { min: 0, max: 3600 });
  const rules = await loadRollbackRules(stringOption(values, 'config'));
  const token = io.env['GITHUB_TOKEN'] ?? io.env['GH_TOKEN'];
  if (!token)
    throw new ConfigurationError(
      'set GITHUB_TOKEN (actions: write and contents: write; Secrets: write to remove secrets)',
    );
  const actor = `${io.env['USER'] ?? 'someone'} via opsguard-cli`;
  const runtime = await engine.createRuntime({
    repo,
    token,
    env: io.env,
    store: selectStore(io.env),
    cwd: io.cwd,
    actor,
    log: (line) => writeLine(io.stderr, line),
    killVariable: engine.killVariableSetting(undefined, io.env),
  });
  return {
    engine,
    rules,
    runtime,
    deps: engine.rollbackDepsOf(
      runtime,
      repo,
      actor,
      (line) => writeLine(io.stderr, line),
      forceAfter === undefined ? {} : { forceAfterMs: forceAfter * 1000 },
    ),
  };
}

export const rollbackCommand: CliCommand = {
  name: 'rollback',
  summary:
    'Plan a rollback (stop a workflow, remove secrets, restore files, re-enable, restore variables), apply a plan by its hash, or show the history',
  usage:
    'opsguard rollback <plan|apply|history> --repo OWNER/NAME [--workflow W] [--secret NAME|ENV/NAME]… [--file PATH]… [--good-commit SHA] [--plan-hash H]',
  positionals: ['plan|apply|history'],
  options: {
    repo: { type: 'string', description: 'the repository, OWNER/NAME', valueName: 'OWNER/NAME' },
    workflow: {
      type: 'string',
      description: 'the workflow to stop; its last success is the good commit',
      valueName: 'W',
    },
    secret: {
      type: 'string',
      multiple: true,
      description: 'a secret to remove: NAME or ENVIRONMENT/NAME (repeat)',
      valueName: 'S',
    },
    file: {
      type: 'string',
      multiple: true,
      description: 'a file to restore to the good commit (repeat)',
      valueName: 'PATH',
    },
    'good-commit': { type: 'string', description: 'the commit to restore files to', valueName: 'SHA' },
    branch: { type: 'string', description: 'the branch to restore on (default: the default branch)', valueName: 'B' },
    'no-stop': { type: 'boolean', description: 'do not disable the workflow or cancel its runs' },
    reason: { type: 'string', description: 'why (the trigger’s detail)', valueName: 'R' },
    condition: {
      type: 'string',
      description: `what triggered it: ${CONDITIONS.join(', ')} (default manual)`,
      valueName: 'C',
    },
    'plan-hash': { type: 'string', description: 'apply: the SHA-256 of the reviewed plan', valueName: 'H' },
    'force-after': {
      type: 'string',
      description: 'apply: force-cancel runs still going this many seconds after the cancel (default 120)',
      valueName: 'SECONDS',
    },
    config: {
      type: 'string',
      description: 'rollback rules file (default config/rollback-rules.json)',
      valueName: 'FILE',
    },
    json: { type: 'boolean', description: 'print JSON' },
  },
  async run(values, positionals, io) {
    const verb = positionals[0];
    if (verb === undefined || !(VERBS as readonly string[]).includes(verb)) {
      throw new ConfigurationError(`say what to do: ${VERBS.join(', ')}${verb ? ` (not "${verb}")` : ''}`);
    }
    const condition = choiceOption(values, 'condition', CONDITIONS) ?? 'manual';
    const hash = verb === 'apply' ? requiredString(values, 'plan-hash') : undefined;
    const { engine, rules, runtime, deps } = await openRollback(values, io);
    const json = booleanOption(values, 'json');
    try {
      if (verb === 'history') {
        const entries = await deps.history.list({ repo: `${deps.repo.owner}/${deps.repo.repo}` });
        if (json) writeLine(io.stdout, JSON.stringify(entries, null, 2));
        else
          for (const e of entries)
            writeLine(
              io.stdout,
              `${e.at}  ${e.planHash.slice(0, 12)}  ${e.event.padEnd(14)}${e.step ?? ''}  ${e.detail}`,
            );
        if (!json && entries.length === 0) writeLine(io.stdout, 'No rollback history.');
        return 0;
      }
      if (verb === 'plan') {
        const planned = await engine.planRollback(deps, {
          trigger: { condition, detail: stringOption(values, 'reason') ?? 'by hand' },
          workflow: stringOption(values, 'workflow'),
          stopWorkflow: rules.steps.stopWorkflow && !booleanOption(values, 'no-stop'),
          secrets: [...rules.steps.removeSecrets, ...list(values, 'secret')],
          files: [...rules.steps.restoreFiles, ...list(values, 'file')],
          goodCommit: stringOption(values, 'good-commit'),
          branch: stringOption(values, 'branch'),
          reenableDisabled: rules.steps.reenableDisabled,
          restoreVariables: rules.steps.restoreVariables,
        });
        if (json) writeLine(io.stdout, JSON.stringify({ hash: planned.hash, plan: planned.plan }, null, 2));
        else {
          writeLine(io.stdout, `Rollback plan ${planned.hash}`);
          for (const [i, line] of planned.lines.entries()) writeLine(io.stdout, `  ${i + 1}. ${line}`);
          if (planned.lines.length === 0) writeLine(io.stdout, '  nothing to roll back');
          writeLine(
            io.stdout,
            `Apply exactly this plan: opsguard rollback apply --repo ${deps.repo.owner}/${deps.repo.repo} --plan-hash ${planned.hash}`,
          );
        }
        return 0;
      }
      const plan = await engine.findPlan(deps.history, hash ?? '');
      const applied = await engine.applyRollback(deps, plan, hash ?? '');
      if (json) writeLine(io.stdout, JSON.stringify(applied, null, 2));
      else {
        for (const step of applied.steps)
          writeLine(io.stdout, `  ${step.status.padEnd(8)}${step.description}: ${step.detail}`);
        writeLine(
          io.stdout,
          applied.failedStep
            ? `Rollback partial: step ${applied.failedStep.id} failed; run the same apply again to finish.`
            : 'Rollback applied; every step read back.',
        );
      }
      return applied.failedStep ? 1 : 0;
    } finally {
      await runtime.close();
    }
  },
};
