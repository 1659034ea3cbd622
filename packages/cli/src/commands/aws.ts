import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigurationError, parseShutdownPlan, parseShutdownTargets, type RestoreRecord } from '@opsguard/core';
import { booleanOption, integerOption, stringOption } from '../args.js';
import { awsContext, regionOf } from '../aws-connection.js';
import { writeLine, type CliCommand, type CliIo } from '../command.js';
import { outputDirectory } from '../out-dir.js';
import { printPlan, printRecovery, printShutdown } from '../report/print-aws.js';

const USAGE = 'opsguard aws <shutdown plan|shutdown apply|recover> [options]';

async function readJson(cwd: string, path: string, what: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, path), 'utf8');
  } catch {
    throw new ConfigurationError(`--${what} ${path}: cannot read it`);
  }
}

async function targetsOf(values: Parameters<CliCommand['run']>[0], io: CliIo) {
  const file = stringOption(values, 'targets');
  if (file === undefined)
    throw new ConfigurationError('--targets FILE is required (JSON: functions, instances, distributions, ssmService)');
  const text = await readJson(io.cwd, file, 'targets');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConfigurationError(`--targets ${file}: not JSON`);
  }
  return parseShutdownTargets(value);
}

export const awsCommand: CliCommand = {
  name: 'aws',
  summary: 'AWS cost protection: plan and apply a budget shutdown, recover from its restore record',
  usage: USAGE,
  positionals: ['shutdown|recover', 'plan|apply'],
  options: {
    region: { type: 'string', description: 'AWS region (or AWS_REGION)', valueName: 'R' },
    endpoint: {
      type: 'string',
      description: 'endpoint override for every client (the local stand-in)',
      valueName: 'URL',
    },
    targets: { type: 'string', description: 'shutdown plan: the targets JSON file', valueName: 'FILE' },
    plan: { type: 'string', description: 'shutdown apply: the plan.json that plan wrote', valueName: 'FILE' },
    'drain-seconds': { type: 'string', description: 'wait after reserved concurrency 0 (default 30)', valueName: 'N' },
    'force-instance-store': {
      type: 'boolean',
      description: 'stop instances with instance-store roots too (data lost)',
    },
    'allow-stale': { type: 'boolean', description: 'apply a plan older than its validity (1 h)' },
    'topic-arn': { type: 'string', description: 'SNS topic for the result', valueName: 'ARN' },
    record: {
      type: 'string',
      description: 'recover: a restore record file (default: the newest open one in --out)',
      valueName: 'FILE',
    },
    'health-url': { type: 'string', description: 'recover: HTTP health check URL', valueName: 'URL' },
    'health-status': { type: 'string', description: 'recover: expected status (default 200)', valueName: 'N' },
    'health-tries': { type: 'string', description: 'recover: tries (default 5)', valueName: 'N' },
    'health-interval-seconds': {
      type: 'string',
      description: 'recover: seconds between tries (default 5)',
      valueName: 'N',
    },
    out: {
      type: 'string',
      description: 'plan, results and restore records',
      default: '.opsguard/aws',
      valueName: 'DIR',
    },
    json: { type: 'boolean', description: 'print the result as JSON' },
  },
  async run(values, positionals, io) {
    const [verb, sub] = positionals;
    const mode =
      verb === 'shutdown' && (sub === 'plan' || sub === 'apply')
        ? `shutdown-${sub}`
        : verb === 'recover' && sub === undefined
          ? 'recover'
          : undefined;
    if (!mode) throw new ConfigurationError(`say what to do: ${USAGE} (not "${positionals.join(' ')}")`);
    const region = regionOf(stringOption(values, 'region'), io.env);
    const outDir = await outputDirectory(io.cwd, stringOption(values, 'out') ?? '.opsguard/aws');
    const json = booleanOption(values, 'json');
    const say = (line: string) => {
      if (!json) writeLine(io.stdout, line);
    };
    // Everything the user gave is checked before a client, store or call is made.
    const targets = mode === 'shutdown-plan' ? await targetsOf(values, io) : undefined;
    const planText =
      mode === 'shutdown-apply'
        ? await readJson(io.cwd, stringOption(values, 'plan') ?? join(outDir, 'plan.json'), 'plan')
        : undefined;
    const plan = planText === undefined ? undefined : parseShutdownPlan(planText);
    const recordText =
      mode === 'recover' && stringOption(values, 'record') !== undefined
        ? await readJson(io.cwd, stringOption(values, 'record') ?? '', 'record')
        : undefined;
    const drainSeconds = integerOption(values, 'drain-seconds', { min: 0, max: 3600 });
    const healthUrl = stringOption(values, 'health-url');
    const health =
      healthUrl === undefined
        ? undefined
        : {
            url: healthUrl,
            expectedStatus: integerOption(values, 'health-status', { min: 100, max: 599 }) ?? 200,
            tries: integerOption(values, 'health-tries', { min: 1, max: 100 }) ?? 5,
            intervalMs: (integerOption(values, 'health-interval-seconds', { min: 0, max: 600 }) ?? 5) * 1000,
          };
    const topicArn = stringOption(values, 'topic-arn');
    const context = await awsContext(io, { region, endpoint: stringOption(values, 'endpoint'), recordsDir: outDir });
    try {
      const { planShutdown, runShutdown, runRecovery } = await import('@opsguard/engine');
      if (mode === 'shutdown-plan' && targets) {
        const made = await planShutdown(context.deps, {
          targets,
          options: {
            ...(drainSeconds === undefined ? {} : { drainSeconds }),
            forceInstanceStore: booleanOption(values, 'force-instance-store'),
          },
        });
        const { mkdir, writeFile } = await import('node:fs/promises');
        await mkdir(outDir, { recursive: true });
        await writeFile(join(outDir, 'plan.json'), `${JSON.stringify(made, null, 2)}\n`);
        if (json) writeLine(io.stdout, JSON.stringify(made, null, 2));
        printPlan(made, say);
        say(
          `Dry run: nothing changed. Plan written to ${join(outDir, 'plan.json')}; apply it with: opsguard aws shutdown apply --plan ${join(outDir, 'plan.json')}`,
        );
        return 0;
      }
      if (mode === 'shutdown-apply' && plan) {
        const { result } = await runShutdown(context.deps, plan, {
          ...(topicArn === undefined ? {} : { topicArn }),
          evidenceDir: outDir,
          allowStale: booleanOption(values, 'allow-stale'),
        });
        if (json) writeLine(io.stdout, JSON.stringify(result, null, 2));
        printShutdown(result, say);
        return result.overall_success ? 0 : 1;
      }
      const record = recordText === undefined ? undefined : (JSON.parse(recordText) as RestoreRecord);
      const source = record ? { record } : ('latest' as const);
      const { result } = await runRecovery(context.deps, source, {
        ...(topicArn === undefined ? {} : { topicArn }),
        evidenceDir: outDir,
        ...(health === undefined ? {} : { healthCheck: health }),
      });
      if (json) writeLine(io.stdout, JSON.stringify(result, null, 2));
      printRecovery(result, say);
      return result.status === 'failed' ? 1 : 0;
    } finally {
      await context.close();
    }
  },
};
