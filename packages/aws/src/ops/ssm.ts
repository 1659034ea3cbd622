// SSM: send `systemctl stop <service>` with AWS-RunShellScript and read the invocation's status.
import { GetCommandInvocationCommand, SendCommandCommand } from '@aws-sdk/client-ssm';
import type { AwsClients } from '../clients.js';
import { normaliseAwsError } from '../errors.js';

type Ssm = Pick<AwsClients, 'ssm'>;

/** `systemd` unit names: letters, digits and `:_.@-` (so the command line cannot be injected into). */
export const SERVICE_NAME = /^[A-Za-z0-9:_.@-]{1,200}$/;

export async function sendStopServiceCommand(
  clients: Ssm,
  instanceIds: readonly string[],
  service: string,
): Promise<string> {
  if (!SERVICE_NAME.test(service)) throw new Error(`"${service}" is not a systemd unit name`);
  const answer = await clients.ssm.send(
    new SendCommandCommand({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [...instanceIds],
      Parameters: { commands: [`systemctl stop ${service}`] },
      Comment: 'opsguard aws shutdown',
    }),
  );
  const id = answer.Command?.CommandId;
  if (!id) throw new Error('SendCommand answered without a CommandId');
  return id;
}

export interface InvocationStatus {
  /** `Pending | InProgress | Delayed | Success | Cancelled | TimedOut | Failed | Cancelling`, or `NotYet`. */
  readonly status: string;
  readonly details: string;
  readonly final: boolean;
}

const FINAL = new Set(['Success', 'Cancelled', 'TimedOut', 'Failed']);

/** The invocation's status; `NotYet` while SSM has not created it (normal right after sending). */
export async function commandInvocation(
  clients: Ssm,
  commandId: string,
  instanceId: string,
): Promise<InvocationStatus> {
  try {
    const answer = await clients.ssm.send(
      new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }),
    );
    const status = answer.Status ?? 'Pending';
    return { status, details: answer.StatusDetails ?? status, final: FINAL.has(status) };
  } catch (error) {
    if (normaliseAwsError(error).code === 'InvocationDoesNotExist')
      return { status: 'NotYet', details: 'InvocationDoesNotExist', final: false };
    throw error;
  }
}
