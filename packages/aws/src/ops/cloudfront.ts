// CloudFront: read a distribution's Enabled and ETag; switch Enabled with If-Match, re-reading
// and retrying when someone else changed it in between (PreconditionFailed).
import { GetDistributionConfigCommand, UpdateDistributionCommand } from '@aws-sdk/client-cloudfront';
import type { AwsClients } from '../clients.js';
import { normaliseAwsError } from '../errors.js';

type CloudFront = Pick<AwsClients, 'cloudfront'>;

export interface DistributionState {
  readonly enabled: boolean;
  readonly etag: string;
}

export async function distributionState(clients: CloudFront, id: string): Promise<DistributionState> {
  const answer = await clients.cloudfront.send(new GetDistributionConfigCommand({ Id: id }));
  if (!answer.DistributionConfig || !answer.ETag)
    throw new Error(`GetDistributionConfig ${id} answered without a config or ETag`);
  return { enabled: answer.DistributionConfig.Enabled === true, etag: answer.ETag };
}

export type SetEnabledOutcome = { readonly changed: boolean; readonly etag: string; readonly attempts: number };

/** Enabled := `enabled` (no write when it already is); PreconditionFailed → re-read and retry, up to `maxAttempts`. */
export async function setDistributionEnabled(
  clients: CloudFront,
  id: string,
  enabled: boolean,
  maxAttempts = 3,
): Promise<SetEnabledOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    const answer = await clients.cloudfront.send(new GetDistributionConfigCommand({ Id: id }));
    const config = answer.DistributionConfig;
    if (!config || !answer.ETag) throw new Error(`GetDistributionConfig ${id} answered without a config or ETag`);
    if (config.Enabled === enabled) return { changed: false, etag: answer.ETag, attempts: attempt };
    try {
      const updated = await clients.cloudfront.send(
        new UpdateDistributionCommand({
          Id: id,
          IfMatch: answer.ETag,
          DistributionConfig: { ...config, Enabled: enabled },
        }),
      );
      return { changed: true, etag: updated.ETag ?? '', attempts: attempt };
    } catch (error) {
      if (normaliseAwsError(error).kind !== 'precondition-failed' || attempt >= maxAttempts) throw error;
    }
  }
}
