import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigurationError } from '@opsguard/core';
import { booleanOption, stringOption } from '../args.js';
import { writeLine, type CliCommand, type CliIo } from '../command.js';

async function readJson(io: CliIo, file: string, option: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch {
    throw new ConfigurationError(`--${option} ${file}: cannot be read`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ConfigurationError(`--${option} ${file}: is not JSON`);
  }
}

function need(values: Parameters<CliCommand['run']>[0], name: string, verb: string): string {
  const value = stringOption(values, name);
  if (value === undefined || value === '') throw new ConfigurationError(`guardrails ${verb} needs --${name}`);
  return value;
}

/** `opsguard guardrails plan | apply | cleanup`: the IAM deny guardrails with their TTL clean-up. */
export const guardrailsCommand: CliCommand = {
  name: 'guardrails',
  summary:
    'IAM deny guardrails for a budget alert: plan (and apply auto policies), apply a reviewed plan, clean up expired denies',
  usage:
    'opsguard guardrails plan --policies FILE --alert FILE [--out PLAN] [--execute] | apply --plan PLAN --hash SHA256 [--execute] | cleanup',
  positionals: ['plan|apply|cleanup'],
  options: {
    policies: {
      type: 'string',
      description: 'guardrail policies (default: the bundled config/guardrail-policies.json)',
      valueName: 'FILE',
    },
    alert: { type: 'string', description: 'the budget alert as JSON', valueName: 'FILE' },
    out: { type: 'string', description: 'where plan writes the plan JSON', valueName: 'PLAN' },
    plan: { type: 'string', description: 'the reviewed plan apply executes', valueName: 'PLAN' },
    hash: { type: 'string', description: 'the reviewed plan hash (apply refuses another)', valueName: 'SHA256' },
    execute: { type: 'boolean', description: 'really change IAM (default: dry run)' },
    region: { type: 'string', description: 'AWS region (default AWS_REGION)', valueName: 'REGION' },
    endpoint: { type: 'string', description: 'AWS endpoint override (the local stand-in)', valueName: 'URL' },
    'oidc-role': { type: 'string', description: 'the OIDC role ARN, never denied', valueName: 'ARN' },
    json: { type: 'boolean', description: 'print the result as JSON' },
  },
  async run(values, positionals, io) {
    const [verb] = positionals;
    if (verb !== 'plan' && verb !== 'apply' && verb !== 'cleanup') {
      throw new ConfigurationError(`say what to do: plan, apply or cleanup (not ${verb ? `"${verb}"` : 'nothing'})`);
    }
    const dryRun = !booleanOption(values, 'execute');
    const region = stringOption(values, 'region') ?? io.env['AWS_REGION'] ?? io.env['AWS_DEFAULT_REGION'] ?? '';
    const endpoint = stringOption(values, 'endpoint');
    const engine = await import('@opsguard/engine');
    const { loadGuardrailPolicies } = await import('@opsguard/config');
    const { parseBudgetAlert, parseGuardrailPlan } = await import('@opsguard/core');
    // Inputs first: a mistake changes nothing and opens nothing.
    const policiesFile = stringOption(values, 'policies');
    const policies =
      verb === 'plan'
        ? await loadGuardrailPolicies(policiesFile === undefined ? undefined : resolve(io.cwd, policiesFile))
        : null;
    const alert =
      verb === 'plan' ? parseBudgetAlert(await readJson(io, need(values, 'alert', verb), 'alert'), io.now()) : null;
    const planFile = verb === 'apply' ? need(values, 'plan', verb) : null;
    const plan = planFile ? parseGuardrailPlan(await readJson(io, planFile, 'plan'), planFile) : null;
    const hash = verb === 'apply' ? need(values, 'hash', verb) : undefined;
    const { selectStore } = await import('@opsguard/store');
    const runtime = await engine.openGuardrailRuntime({
      store: selectStore(io.env),
      cwd: io.cwd,
      aws: {
        region,
        ...(endpoint !== undefined && { endpoint }),
        ...(endpoint !== undefined && { credentials: { accessKeyId: 'AKIDSTANDIN', secretAccessKey: 'standin' } }),
      },
      actor: 'opsguard-cli',
      log: (line) => writeLine(io.stderr, line),
      slackWebhookUrl: io.env['SLACK_WEBHOOK_URL'],
      timeBudgetMs: engine.DEFAULT_TIME_BUDGET_MS,
    });
    const owner = `opsguard-cli:${process.pid}:${io.now().toISOString()}`;
    const print = (json: unknown, text: string) =>
      writeLine(io.stdout, booleanOption(values, 'json') ? JSON.stringify(json, null, 2) : text);
    try {
      if (verb === 'cleanup') {
        if (!runtime.durable) {
          print({ ran: false, reason: engine.STORELESS_NOTE }, engine.STORELESS_NOTE);
          return 0;
        }
        const result = await engine.cleanupExpiredGuardrails(runtime.deps, {
          owner,
          hasTime: () => runtime.budget.spendableMs() > 0,
        });
        print(result, engine.cleanupLines(result).join('\n'));
        return result.failed > 0 ? 1 : 0;
      }
      if (verb === 'apply' && plan) {
        const result = await engine.applyGuardrailPlan(runtime.deps, {
          plan,
          ...(hash !== undefined && { expectedHash: hash }),
          accountId: runtime.identity.account,
          items: 'approved',
          dryRun,
        });
        print(result, engine.appliedLines(result.items).join('\n') || 'the plan has no items');
        return result.items.some((i) => i.status === 'failed') ? 1 : 0;
      }
      if (!policies || !alert) return 1;
      const outcome = await engine.handleBudgetAlert(runtime.deps, {
        alert,
        policies,
        accountId: runtime.identity.account,
        protectedRoles: {
          executorRoleArn: runtime.identity.arn,
          oidcRoleArn: stringOption(values, 'oidc-role') ?? null,
          breakGlassPatterns: policies.breakGlassRoles ?? [],
        },
        dryRun,
        owner,
        hasTime: () => runtime.budget.spendableMs() > 0,
      });
      const out = stringOption(values, 'out');
      if (out !== undefined) await writeFile(resolve(io.cwd, out), `${JSON.stringify(outcome.plan, null, 2)}\n`);
      print(
        { planHash: outcome.planHash, plan: outcome.plan, applied: outcome.applied, cleanup: outcome.cleanup },
        engine.budgetAlertSummary(outcome, runtime.durable, dryRun),
      );
      return outcome.applied.some((i) => i.status === 'failed') ? 1 : 0;
    } finally {
      await runtime.close();
    }
  },
};
