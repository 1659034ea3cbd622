// Lambda: find functions (by name or tag) and read, set and remove their reserved concurrency.
import {
  DeleteFunctionConcurrencyCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  ListFunctionsCommand,
  ListTagsCommand,
  PutFunctionConcurrencyCommand,
} from '@aws-sdk/client-lambda';
import type { AwsClients } from '../clients.js';

type Lambda = Pick<AwsClients, 'lambda'>;

export interface FunctionRef {
  readonly name: string;
  readonly arn: string;
}

export async function getFunction(clients: Lambda, name: string): Promise<FunctionRef> {
  const answer = await clients.lambda.send(new GetFunctionCommand({ FunctionName: name }));
  const config = answer.Configuration;
  if (!config?.FunctionName || !config.FunctionArn)
    throw new Error(`GetFunction ${name} answered without a name or ARN`);
  return { name: config.FunctionName, arn: config.FunctionArn };
}

/** Every function carrying tag `key` = `value` (ListFunctions pages, ListTags for each). */
export async function functionsByTag(clients: Lambda, key: string, value: string): Promise<FunctionRef[]> {
  const found: FunctionRef[] = [];
  let marker: string | undefined;
  do {
    const page = await clients.lambda.send(new ListFunctionsCommand(marker === undefined ? {} : { Marker: marker }));
    for (const fn of page.Functions ?? []) {
      if (!fn.FunctionName || !fn.FunctionArn) continue;
      const tags = await clients.lambda.send(new ListTagsCommand({ Resource: fn.FunctionArn }));
      if (tags.Tags?.[key] === value) found.push({ name: fn.FunctionName, arn: fn.FunctionArn });
    }
    marker = page.NextMarker;
  } while (marker);
  return found;
}

/** The function's reserved concurrency, or `null` when it has none (shares the account pool). */
export async function getReservedConcurrency(clients: Lambda, name: string): Promise<number | null> {
  const answer = await clients.lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: name }));
  return answer.ReservedConcurrentExecutions ?? null;
}

export async function putReservedConcurrency(clients: Lambda, name: string, value: number): Promise<void> {
  await clients.lambda.send(
    new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: value }),
  );
}

export async function deleteReservedConcurrency(clients: Lambda, name: string): Promise<void> {
  await clients.lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: name }));
}
