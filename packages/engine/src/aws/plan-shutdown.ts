// Plan: resolve the targets and read each one's prior state (reads only; nothing changes).
import {
  callerIdentity,
  describeInstances,
  distributionState,
  functionsByTag,
  getFunction,
  getReservedConcurrency,
  type AwsClients,
} from '@opsguard/aws';
import {
  ConfigurationError,
  DEFAULT_SHUTDOWN_OPTIONS,
  PLAN_VALIDITY_MS,
  sealShutdownPlan,
  type PlannedFunction,
  type PlannedInstance,
  type ShutdownOptions,
  type ShutdownPlan,
  type ShutdownTargets,
} from '@opsguard/core';
import { normaliseAwsError } from '@opsguard/aws';
import type { Clock } from '../clock.js';
import { distributionArn, instanceArn } from './aws-run.js';

export interface PlanShutdownInput {
  readonly targets: ShutdownTargets;
  readonly options?: Partial<ShutdownOptions>;
  readonly reason?: string;
}

/** A target that does not exist is the user's mistake: one error naming it. */
async function orMissing<T>(what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const info = normaliseAwsError(error);
    if (info.kind === 'not-found') throw new ConfigurationError(`targets: ${what} does not exist (${info.code})`);
    throw error;
  }
}

async function planFunctions(clients: AwsClients, targets: ShutdownTargets): Promise<PlannedFunction[]> {
  const refs = [
    ...(await Promise.all(
      targets.functions.names.map((name) => orMissing(`Lambda function ${name}`, () => getFunction(clients, name))),
    )),
    ...(targets.functions.tag
      ? await functionsByTag(clients, targets.functions.tag.key, targets.functions.tag.value)
      : []),
  ];
  const unique = [...new Map(refs.map((ref) => [ref.arn, ref])).values()];
  return Promise.all(
    unique.map(async (ref) => ({
      name: ref.name,
      arn: ref.arn,
      reservedConcurrency: await getReservedConcurrency(clients, ref.name),
    })),
  );
}

async function planInstances(
  clients: AwsClients,
  targets: ShutdownTargets,
  account: string,
): Promise<PlannedInstance[]> {
  const views = [
    ...(targets.instances.ids.length > 0
      ? await orMissing(`an instance of ${targets.instances.ids.join(', ')}`, () =>
          describeInstances(clients, { ids: targets.instances.ids }),
        )
      : []),
    ...(targets.instances.tag ? await describeInstances(clients, { tag: targets.instances.tag }) : []),
  ];
  const unique = [...new Map(views.map((view) => [view.id, view])).values()];
  return unique.map((view) => ({
    id: view.id,
    arn: instanceArn(clients.region, account, view.id),
    state: view.state,
    rootDeviceType: view.rootDeviceType,
  }));
}

export async function planShutdown(
  deps: { readonly clients: AwsClients; readonly clock: Pick<Clock, 'now'> },
  input: PlanShutdownInput,
): Promise<ShutdownPlan> {
  const { clients } = deps;
  const identity = await callerIdentity(clients);
  const functions = await planFunctions(clients, input.targets);
  const instances = await planInstances(clients, input.targets, identity.account);
  const distributions = await Promise.all(
    input.targets.distributionIds.map(async (id) => {
      const state = await orMissing(`CloudFront distribution ${id}`, () => distributionState(clients, id));
      return { id, arn: distributionArn(identity.account, id), enabled: state.enabled, etag: state.etag };
    }),
  );
  const service = input.targets.ssmService;
  const running = instances.filter((i) => i.state === 'running').map((i) => i.id);
  const now = deps.clock.now();
  return sealShutdownPlan({
    kind: 'opsguard.aws-shutdown-plan',
    version: 1,
    account: identity.account,
    region: clients.region,
    createdAt: now.toISOString(),
    validUntil: new Date(now.getTime() + PLAN_VALIDITY_MS).toISOString(),
    reason: input.reason ?? 'manual',
    functions,
    instances,
    distributions,
    ssm: service && running.length > 0 ? { service, instanceIds: running } : null,
    options: { ...DEFAULT_SHUTDOWN_OPTIONS, ...input.options },
  });
}
