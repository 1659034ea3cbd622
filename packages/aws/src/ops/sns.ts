// SNS: publish a message (the shutdown and recovery results).
import { PublishCommand } from '@aws-sdk/client-sns';
import type { AwsClients } from '../clients.js';

export async function publish(
  clients: Pick<AwsClients, 'sns'>,
  topicArn: string,
  subject: string,
  message: string,
): Promise<string> {
  // SNS subjects: ≤ 100 printable ASCII characters, no line breaks.
  const clean = subject.replace(/[^\x20-\x7e]/g, ' ').slice(0, 100);
  const answer = await clients.sns.send(new PublishCommand({ TopicArn: topicArn, Subject: clean, Message: message }));
  return answer.MessageId ?? '';
}
