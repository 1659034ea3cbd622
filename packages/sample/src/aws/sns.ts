// SNS (query/XML): Publish to a topic, every message kept so a test or the demo can read what
// was announced.
import type { StandinFaults } from './faults.js';
import type { StandinRequest, StandinResponse, StandinService } from './service.js';
import { formOf, queryError, tag, XML_HEADERS } from './wire.js';

const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';

export interface PublishedMessage {
  readonly topicArn: string;
  readonly subject: string | undefined;
  readonly message: string;
  readonly messageId: string;
}

export interface SnsStandin extends StandinService {
  published(): PublishedMessage[];
}

export function snsStandin(options: {
  readonly topics: readonly string[];
  readonly faults?: StandinFaults;
}): SnsStandin {
  const messages: PublishedMessage[] = [];
  const topics = new Set(options.topics);
  const handle = (request: StandinRequest): StandinResponse => {
    const form = formOf(request.body);
    const action = form.get('Action') ?? '';
    const topicArn = form.get('TopicArn') ?? '';
    const fault = options.faults?.take('sns', action, [topicArn]);
    if (fault) return queryError(fault, XMLNS);
    if (action !== 'Publish') return queryError({ code: 'InvalidAction', status: 400, message: action }, XMLNS);
    if (!topics.has(topicArn))
      return queryError({ code: 'NotFound', status: 404, message: 'Topic does not exist' }, XMLNS);
    const message = form.get('Message');
    if (!message) return queryError({ code: 'InvalidParameter', status: 400, message: 'Empty message' }, XMLNS);
    const messageId = `standin-${String(messages.length + 1).padStart(4, '0')}`;
    messages.push({ topicArn, subject: form.get('Subject') ?? undefined, message, messageId });
    return {
      status: 200,
      headers: XML_HEADERS,
      body: `<PublishResponse xmlns="${XMLNS}"><PublishResult>${tag('MessageId', messageId)}</PublishResult><ResponseMetadata>${tag('RequestId', 'standin')}</ResponseMetadata></PublishResponse>`,
    };
  };
  return { signingName: 'sns', handle, published: () => [...messages] };
}
