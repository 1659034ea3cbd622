/** One answer of accept_intake_batch as the tests read it: a claim is `[audit_id, attempt]`. */
export interface BatchAnswer {
  readonly outcome: string;
  readonly audit_id: string;
  readonly attempt: number;
}

export function claimAnswers(value: unknown): BatchAnswer[] {
  if (!Array.isArray(value)) throw new TypeError(`accept_intake_batch answered ${JSON.stringify(value)}`);
  return value.map((answer: unknown) => {
    if (Array.isArray(answer)) {
      const [auditId, attempt] = answer as [string, number];
      return { outcome: 'claimed', audit_id: auditId, attempt };
    }
    return answer as BatchAnswer;
  });
}
