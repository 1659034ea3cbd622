/**
 * The IAM deny a guardrail attaches. Its one statement carries its own expiry
 * (`DateLessThan aws:CurrentTime`), so the deny stops holding at the TTL even when the clean-up
 * that detaches it is late, fails or never runs: no permanent lock is possible.
 */
export interface DenyStatement {
  readonly Sid: string;
  readonly Effect: 'Deny';
  readonly Action: readonly string[];
  readonly Resource: '*';
  readonly Condition: { readonly DateLessThan: { readonly 'aws:CurrentTime': string } };
}

export interface DenyPolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly [DenyStatement];
}

/** IAM's limit for a managed policy document, counted without whitespace. */
export const MAX_MANAGED_POLICY_CHARS = 6144;

/** A Sid takes letters and digits only. */
function sidOf(policyId: string): string {
  const words = policyId.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  return `OpsGuardGuardrail${words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}`;
}

/** The document denying `actions` on every resource until `expiresAt` (UTC, second precision). */
export function buildDenyPolicyDocument(
  policyId: string,
  actions: readonly string[],
  expiresAt: Date,
): DenyPolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: sidOf(policyId),
        Effect: 'Deny',
        Action: [...new Set(actions)].sort(),
        Resource: '*',
        // IAM compares ISO-8601 strings; whole seconds in UTC keep the value unambiguous.
        Condition: { DateLessThan: { 'aws:CurrentTime': `${expiresAt.toISOString().slice(0, 19)}Z` } },
      },
    ],
  };
}

/** The text sent to CreatePolicy; throws when it would exceed IAM's managed-policy size limit. */
export function denyPolicyText(document: DenyPolicyDocument): string {
  const text = JSON.stringify(document);
  if (text.replace(/\s/g, '').length > MAX_MANAGED_POLICY_CHARS) {
    throw new RangeError(
      `the deny policy is ${text.length} characters, over IAM's ${MAX_MANAGED_POLICY_CHARS}: deny fewer actions (use wildcards such as ec2:Run*)`,
    );
  }
  return text;
}

/**
 * The expiry a policy document carries (the `aws:CurrentTime` of a Deny statement's
 * `DateLessThan`), or null when it carries none. Reads what IAM returns, so it accepts the
 * document as a string (URL-encoded, as GetPolicyVersion returns it) or already parsed.
 */
export function denyPolicyExpiry(document: unknown): Date | null {
  let value: unknown = document;
  if (typeof value === 'string') {
    let text = value;
    if (!text.trimStart().startsWith('{')) {
      try {
        text = decodeURIComponent(text);
      } catch {
        return null;
      }
    }
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      return null;
    }
  }
  if (value === null || typeof value !== 'object') return null;
  const statements = (value as { Statement?: unknown }).Statement;
  const list = Array.isArray(statements) ? (statements as unknown[]) : [statements];
  for (const statement of list) {
    if (statement === null || typeof statement !== 'object') continue;
    const s = statement as { Effect?: unknown; Condition?: { DateLessThan?: Record<string, unknown> } };
    const at = s.Effect === 'Deny' ? s.Condition?.DateLessThan?.['aws:CurrentTime'] : undefined;
    if (typeof at === 'string' && !Number.isNaN(Date.parse(at))) return new Date(at);
  }
  return null;
}
