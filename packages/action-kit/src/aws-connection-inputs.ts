import { ConfigurationError } from '@opsguard/core';
import { optionalInput } from './inputs.js';

/** Where an AWS action connects: credentials always come from the SDK's default chain (OIDC). */
export interface AwsConnectionInputs {
  readonly region: string;
  /** An endpoint override (the local stand-in of the demo); unset for real AWS. */
  readonly endpoint: string | undefined;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * `aws-region` (else the `AWS_REGION` that aws-actions/configure-aws-credentials sets) and
 * `aws-endpoint`. A missing or malformed region is a configuration error, never a guess.
 */
export function awsConnectionInputs(
  env: Readonly<Record<string, string | undefined>> = process.env,
): AwsConnectionInputs {
  // The region the credentials step exported: the SDK would read the same variable.
  const region = optionalInput('aws-region') ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
  if (region === undefined || region === '') {
    throw new ConfigurationError(
      'input "aws-region" is required (or AWS_REGION from aws-actions/configure-aws-credentials)',
    );
  }
  if (!REGION.test(region))
    throw new ConfigurationError(`input "aws-region" must be a region like ap-northeast-1, not "${region}"`);
  const endpoint = optionalInput('aws-endpoint');
  if (endpoint !== undefined) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new ConfigurationError(`input "aws-endpoint" must be a URL, not "${endpoint}"`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConfigurationError(`input "aws-endpoint" must be an http(s) URL, not "${endpoint}"`);
    }
  }
  return { region, endpoint };
}
