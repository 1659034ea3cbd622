// EC2: describe instances (by id or tag), stop and start them.
import { DescribeInstancesCommand, StartInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../clients.js';

type Ec2 = Pick<AwsClients, 'ec2'>;

export interface InstanceView {
  readonly id: string;
  /** `pending | running | stopping | stopped | shutting-down | terminated`. */
  readonly state: string;
  readonly rootDeviceType: string;
  /** Why it is in this state (e.g. `Client.InternalError` after a failed start), when EC2 says. */
  readonly stateReason: { readonly code: string; readonly message: string } | undefined;
}

export type InstanceSelector =
  { readonly ids: readonly string[] } | { readonly tag: { readonly key: string; readonly value: string } };

export async function describeInstances(clients: Ec2, selector: InstanceSelector): Promise<InstanceView[]> {
  const views: InstanceView[] = [];
  let token: string | undefined;
  do {
    const input =
      'ids' in selector
        ? { InstanceIds: [...selector.ids] }
        : { Filters: [{ Name: `tag:${selector.tag.key}`, Values: [selector.tag.value] }] };
    const page = await clients.ec2.send(
      new DescribeInstancesCommand({ ...input, ...(token === undefined ? {} : { NextToken: token }) }),
    );
    for (const reservation of page.Reservations ?? []) {
      for (const instance of reservation.Instances ?? []) {
        if (!instance.InstanceId) continue;
        const reason = instance.StateReason;
        views.push({
          id: instance.InstanceId,
          state: instance.State?.Name ?? 'unknown',
          rootDeviceType: instance.RootDeviceType ?? 'ebs',
          stateReason: reason?.Code ? { code: reason.Code, message: reason.Message ?? '' } : undefined,
        });
      }
    }
    token = page.NextToken;
  } while (token);
  return views;
}

export async function stopInstances(clients: Ec2, ids: readonly string[]): Promise<void> {
  await clients.ec2.send(new StopInstancesCommand({ InstanceIds: [...ids] }));
}

export async function startInstances(clients: Ec2, ids: readonly string[]): Promise<void> {
  await clients.ec2.send(new StartInstancesCommand({ InstanceIds: [...ids] }));
}
