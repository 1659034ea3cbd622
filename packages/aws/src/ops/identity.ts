// STS GetCallerIdentity: the account a plan is made in and apply must match.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from '../clients.js';

export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
}

export async function callerIdentity(clients: Pick<AwsClients, 'sts'>): Promise<CallerIdentity> {
  const answer = await clients.sts.send(new GetCallerIdentityCommand({}));
  if (!answer.Account || !answer.Arn) throw new Error('GetCallerIdentity answered without Account or Arn');
  return { account: answer.Account, arn: answer.Arn };
}
