import type { ChannelResult, Notification, NotificationChannel } from './message.js';

/** The few issue calls the channel needs (packages/github provides them; tests fake them). */
export interface IssueApi {
  listOpenIssues(
    label: string,
  ): Promise<readonly { readonly number: number; readonly body?: string | null; readonly html_url: string }[]>;
  createIssue(input: {
    readonly title: string;
    readonly body: string;
    readonly labels: readonly string[];
  }): Promise<{ readonly number: number; readonly html_url: string }>;
  createComment(issueNumber: number, body: string): Promise<void>;
  closeIssue(issueNumber: number): Promise<void>;
}

const marker = (fingerprint: string) => `<!-- opsguard:fingerprint=${fingerprint} -->`;

function body(n: Notification): string {
  return [
    marker(n.fingerprint),
    `**${n.severity.toUpperCase()}** · ${n.kind}`,
    '',
    ...n.lines.map((l) => `- ${l}`),
    '',
    ...n.links.map((l) => `- [${l.text}](${l.url})`),
  ].join('\n');
}

export interface IssueChannel extends NotificationChannel {
  /** Closes the open issue for a subject that recovered, with a comment; false when none is open. */
  resolve(fingerprint: string, comment: string): Promise<boolean>;
  /** Fingerprints of the subjects that have an open issue now. */
  openFingerprints(): Promise<string[]>;
}

/** One open issue per fingerprint: a repeat becomes a comment, recovery closes it. */
export function createIssueChannel(api: IssueApi, label = 'opsguard'): IssueChannel {
  const findOpen = async (fingerprint: string) =>
    (await api.listOpenIssues(label)).find((i) => (i.body ?? '').includes(marker(fingerprint)));
  return {
    name: 'github-issue',
    async send(n: Notification): Promise<ChannelResult> {
      const open = await findOpen(n.fingerprint);
      if (open) {
        await api.createComment(open.number, body(n));
        return { channel: 'github-issue', detail: `commented on #${open.number}` };
      }
      const created = await api.createIssue({
        title: `[OpsGuard] ${n.title}`.slice(0, 250),
        body: body(n),
        labels: [label],
      });
      return { channel: 'github-issue', detail: `opened #${created.number}` };
    },
    async openFingerprints(): Promise<string[]> {
      const found: string[] = [];
      for (const issue of await api.listOpenIssues(label)) {
        const match = /<!-- opsguard:fingerprint=(.+?) -->/.exec(issue.body ?? '');
        if (match?.[1]) found.push(match[1]);
      }
      return found;
    },
    async resolve(fingerprint: string, comment: string): Promise<boolean> {
      const open = await findOpen(fingerprint);
      if (!open) return false;
      await api.createComment(open.number, `${marker(fingerprint)}\n${comment}`);
      await api.closeIssue(open.number);
      return true;
    },
  };
}
