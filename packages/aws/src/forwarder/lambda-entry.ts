// The forwarder's Lambda entry point (bundled on its own): settings from the environment the
// CloudFormation template sets, the GitHub token from an SSM SecureString parameter.
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { forwardBudgetAlerts, type ForwardResult, type SnsEvent } from './handler.js';

let cachedToken: string | undefined;

export async function handler(event: SnsEvent): Promise<ForwardResult> {
  const repository = process.env['GITHUB_REPOSITORY'] ?? '';
  const parameter = process.env['GITHUB_TOKEN_PARAMETER'] ?? '';
  return forwardBudgetAlerts(
    {
      repository,
      token: async () => {
        if (cachedToken === undefined) {
          const answer = await new SSMClient({}).send(
            new GetParameterCommand({ Name: parameter, WithDecryption: true }),
          );
          cachedToken = answer.Parameter?.Value ?? '';
        }
        return cachedToken;
      },
      fetch: (url, init) => fetch(url, init),
      log: (line) => console.log(line),
    },
    event,
  );
}
