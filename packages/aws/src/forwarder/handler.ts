// The forwarder: an SNS-triggered Lambda that turns each AWS Budgets notification into a
// `budget-alert` repository_dispatch, so the budget-guard workflow runs within seconds. The
// token comes from an SSM SecureString parameter (never from the code or the environment).
import { parseBudgetMessage, type BudgetAlertPayload } from './budget-message.js';

export interface SnsEvent {
  readonly Records: readonly {
    readonly Sns: { readonly Message: string; readonly Timestamp: string; readonly MessageId: string };
  }[];
}

export interface ForwarderDeps {
  /** `owner/repo` the dispatch goes to. */
  readonly repository: string;
  readonly token: () => Promise<string>;
  readonly fetch: (
    url: string,
    init: { method: string; headers: Record<string, string>; body: string },
  ) => Promise<{ readonly status: number; text(): Promise<string> }>;
  /** Default https://api.github.com. */
  readonly apiUrl?: string;
  readonly log?: (line: string) => void;
}

export interface ForwardResult {
  readonly forwarded: readonly BudgetAlertPayload[];
  readonly ignored: readonly { readonly messageId: string; readonly reason: string }[];
}

const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

export async function forwardBudgetAlerts(deps: ForwarderDeps, event: SnsEvent): Promise<ForwardResult> {
  if (!REPOSITORY.test(deps.repository)) throw new Error(`repository "${deps.repository}" is not owner/name`);
  const forwarded: BudgetAlertPayload[] = [];
  const ignored: { messageId: string; reason: string }[] = [];
  for (const record of event.Records) {
    const parsed = parseBudgetMessage(record.Sns.Message, record.Sns.Timestamp);
    if (!parsed.ok) {
      ignored.push({ messageId: record.Sns.MessageId, reason: parsed.reason });
      continue;
    }
    const response = await deps.fetch(
      `${deps.apiUrl ?? 'https://api.github.com'}/repos/${deps.repository}/dispatches`,
      {
        method: 'POST',
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${await deps.token()}`,
          'content-type': 'application/json',
          'user-agent': 'opsguard-budget-forwarder',
          'x-github-api-version': '2022-11-28',
        },
        body: JSON.stringify({ event_type: 'budget-alert', client_payload: parsed.payload }),
      },
    );
    // 204 is GitHub's answer; anything else fails the invocation so SNS retries it.
    if (response.status !== 204)
      throw new Error(`repository_dispatch answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    deps.log?.(`forwarded ${parsed.payload.budgetName} ${parsed.payload.thresholdPercent}% to ${deps.repository}`);
    forwarded.push(parsed.payload);
  }
  return { forwarded, ignored };
}
