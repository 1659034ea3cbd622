// SSM (JSON 1.1): SendCommand (AWS-RunShellScript) and GetCommandInvocation. Right after the send
// the invocation does not exist yet (InvocationDoesNotExist, as on real SSM), then it is
// InProgress, then final. A host can be made to fail the command (`Failed` with StatusDetails).
import { randomUUID } from 'node:crypto';
import type { StandinFaults } from './faults.js';
import type { StandinRequest, StandinResponse, StandinService } from './service.js';
import { json, json11Error, JSON11_HEADERS } from './wire.js';

const NAMESPACE = 'com.amazonaws.ssm';

export interface SsmStandinOptions {
  readonly faults?: StandinFaults;
  /** Instances whose command ends `Failed` (exit code 5, like `systemctl stop` of an unknown unit). */
  readonly failingInstances?: readonly string[];
  /** Polls that answer `InProgress` after the first `InvocationDoesNotExist` (default 1). */
  readonly pollsInProgress?: number;
}

export interface SentCommand {
  readonly commandId: string;
  readonly documentName: string;
  readonly instanceIds: readonly string[];
  readonly commands: readonly string[];
}

export interface SsmStandin extends StandinService {
  sent(): SentCommand[];
}

export function ssmStandin(options: SsmStandinOptions = {}): SsmStandin {
  const commands: SentCommand[] = [];
  const polls = new Map<string, number>();
  const failing = new Set(options.failingInstances ?? []);
  const inProgress = options.pollsInProgress ?? 1;

  const handle = (request: StandinRequest): StandinResponse => {
    const target = request.headers['x-amz-target'] ?? '';
    const operation = target.slice(target.indexOf('.') + 1);
    const input = JSON.parse(request.body || '{}') as Record<string, unknown>;
    const resources = [
      ...(Array.isArray(input['InstanceIds']) ? (input['InstanceIds'] as string[]) : []),
      ...(typeof input['InstanceId'] === 'string' ? [input['InstanceId']] : []),
    ];
    const fault = options.faults?.take('ssm', operation, resources);
    if (fault) return json11Error(fault, NAMESPACE);
    if (operation === 'SendCommand') {
      const parameters = (input['Parameters'] ?? {}) as Record<string, string[]>;
      const command: SentCommand = {
        commandId: randomUUID(),
        documentName: String(input['DocumentName']),
        instanceIds: resources,
        commands: parameters['commands'] ?? [],
      };
      commands.push(command);
      return json(
        200,
        {
          Command: {
            CommandId: command.commandId,
            DocumentName: command.documentName,
            InstanceIds: command.instanceIds,
            Status: 'Pending',
            Parameters: parameters,
          },
        },
        JSON11_HEADERS,
      );
    }
    if (operation === 'GetCommandInvocation') {
      const commandId = String(input['CommandId']);
      const instanceId = String(input['InstanceId']);
      const command = commands.find((c) => c.commandId === commandId);
      if (!command || !command.instanceIds.includes(instanceId))
        return json11Error({ code: 'InvocationDoesNotExist', status: 400, message: '' }, NAMESPACE);
      const key = `${commandId}/${instanceId}`;
      const count = (polls.get(key) ?? 0) + 1;
      polls.set(key, count);
      // Real SSM: the invocation appears a moment after SendCommand returns.
      if (count === 1) return json11Error({ code: 'InvocationDoesNotExist', status: 400, message: '' }, NAMESPACE);
      const done = count > 1 + inProgress;
      const failed = failing.has(instanceId);
      const status = !done ? 'InProgress' : failed ? 'Failed' : 'Success';
      return json(
        200,
        {
          CommandId: commandId,
          InstanceId: instanceId,
          DocumentName: command.documentName,
          Status: status,
          StatusDetails: status,
          ResponseCode: !done ? -1 : failed ? 5 : 0,
          StandardOutputContent: '',
          StandardErrorContent: failed && done ? 'Failed to stop unit: Unit not loaded.' : '',
        },
        JSON11_HEADERS,
      );
    }
    return json11Error({ code: 'UnknownOperationException', status: 400, message: operation }, NAMESPACE);
  };
  return { signingName: 'ssm', handle, sent: () => [...commands] };
}
