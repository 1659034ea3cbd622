import { denyPolicyExpiry, type PrincipalRef } from '@opsguard/core';
import { DEFAULT_READ_BACK, type GuardrailDeps } from './guardrail-deps.js';
import { awsErrorOf } from './iam-failures.js';

/** What IAM says of a deny just applied: its document's expiry and whom it is attached to. */
export interface DenyReadBack {
  /** The `DateLessThan aws:CurrentTime` read from the stored document (UTC ISO-8601), null if none. */
  readonly expiry: string | null;
  readonly expiryMatches: boolean;
  readonly attachedTo: readonly string[];
  /** Principals IAM did not list yet after every read (eventual consistency, or a lost attach). */
  readonly missing: readonly string[];
  readonly reads: number;
  readonly error: string | null;
}

function entityKey(kind: string, name: string): string {
  return `${kind}/${name}`;
}

/** Reads the deny back: the document IAM stored (URL-encoded there) and its attachments, bounded re-reads. */
export async function readBackDeny(
  deps: GuardrailDeps,
  policyArn: string,
  principals: readonly PrincipalRef[],
  expiresAt: Date,
): Promise<DenyReadBack> {
  const policy = deps.readBack ?? DEFAULT_READ_BACK;
  let expiry: Date | null = null;
  try {
    const info = await deps.iam.getPolicy(policyArn);
    expiry = denyPolicyExpiry(await deps.iam.getPolicyDocument(policyArn, info.defaultVersionId));
    let seen = new Set<string>();
    let reads = 0;
    while (reads < policy.reads) {
      if (reads > 0) await deps.clock.sleep(policy.delayMs);
      reads++;
      seen = new Set((await deps.iam.listEntitiesForPolicy(policyArn)).map((e) => entityKey(e.kind, e.name)));
      if (principals.every((p) => seen.has(entityKey(p.kind, p.name)))) break;
    }
    const attachedTo = principals.filter((p) => seen.has(entityKey(p.kind, p.name))).map((p) => p.arn);
    return {
      expiry: expiry?.toISOString() ?? null,
      expiryMatches: expiry?.getTime() === expiresAt.getTime(),
      attachedTo,
      missing: principals.filter((p) => !attachedTo.includes(p.arn)).map((p) => p.arn),
      reads,
      error: null,
    };
  } catch (error) {
    const info = awsErrorOf(error);
    return {
      expiry: expiry?.toISOString() ?? null,
      expiryMatches: expiry?.getTime() === expiresAt.getTime(),
      attachedTo: [],
      missing: principals.map((p) => p.arn),
      reads: 0,
      error: `${info.code}: ${info.message}`,
    };
  }
}

export type DetachConfirmation =
  | { readonly confirmed: true; readonly reads: number }
  | { readonly confirmed: false; readonly reads: number; readonly error: string };

/**
 * Re-reads a principal's attached policies until `policyArn` is gone (IAM may list a detached
 * policy for a while). A principal that no longer exists holds nothing: confirmed.
 */
export async function confirmDetached(
  deps: GuardrailDeps,
  principal: PrincipalRef,
  policyArn: string,
): Promise<DetachConfirmation> {
  const policy = deps.readBack ?? DEFAULT_READ_BACK;
  for (let reads = 1; reads <= policy.reads; reads++) {
    if (reads > 1) await deps.clock.sleep(policy.delayMs);
    try {
      const attached = await deps.iam.listAttachedPolicies(principal);
      if (!attached.some((a) => a.policyArn === policyArn)) return { confirmed: true, reads };
    } catch (error) {
      const info = awsErrorOf(error);
      if (info.kind === 'not-found') return { confirmed: true, reads };
      return { confirmed: false, reads, error: `reading back ${principal.arn}: ${info.code}: ${info.message}` };
    }
  }
  return {
    confirmed: false,
    reads: policy.reads,
    error: `${principal.arn} still lists ${policyArn} after ${policy.reads} reads (IAM is eventually consistent: retried next run)`,
  };
}
