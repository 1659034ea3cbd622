import { appendSummary, runAction, setOutputs } from '@opsguard/action-kit';
import { verifyDispatchPayload } from '@opsguard/webhook-signature';
import { readSettings } from './settings.js';

/** Reads settings → verifies the signed client_payload → outputs the event, or fails the job. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const settings = readSettings();
    const result = verifyDispatchPayload({
      clientPayload: settings.clientPayload,
      secrets: settings.secrets,
      toleranceMs: settings.toleranceMs,
      now: new Date(),
    });
    if (!result.ok)
      throw new Error(
        `the repository_dispatch event is not a valid signed event (${result.reason}): ${result.message}`,
      );
    setOutputs({ payload: JSON.stringify(result.payload), 'delivery-id': result.id });
    await appendSummary(
      `### OpsGuard: verified dispatch \`${result.id}\`\n\nThe event's signature and timestamp are valid.`,
    );
  });
}
