import { markdownCode, markdownCodeBlock, oneLine, safeUrl } from './plain-text.js';
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

/**
 * The hidden marker that finds a subject's open issue. A fingerprint carries a workflow name,
 * which anyone who can push a workflow chooses: percent-encoded, it cannot close the comment.
 */
const marker = (fingerprint: string) => `<!-- opsguard:fingerprint=${encodeURIComponent(fingerprint)} -->`;
/** Issues opened before the fingerprint was encoded. */
const legacyMarker = (fingerprint: string) => `<!-- opsguard:fingerprint=${fingerprint} -->`;

function decodeFingerprint(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * An issue body or comment. Everything but OpsGuard's own words is rendered as code, where
 * GitHub renders nothing: no @mention, #reference, autolink, image or HTML from annotation or
 * log text, titles, commit messages or job names. Links are OpsGuard's (run URLs), http(s) only.
 */
const ticketMarker = (id: string) => `<!-- opsguard:audit-ticket=${id} -->`;

/** The audit-ticket link: OpsGuard's own id (checked), its path as code, its URL when http(s). */
function ticketLines(n: Notification): string[] {
  const t = n.auditTicket;
  if (!t || !/^audit_ticket_\d{8}_\d{6}$/.test(t.id)) return [];
  const url = t.url === undefined ? null : safeUrl(t.url);
  const where = url === null ? markdownCode(t.path) : `[${markdownCode(t.path)}](${url})`;
  return [ticketMarker(t.id), `Audit ticket **${t.id}**: ${where}`, ''];
}

/** The audit ticket an issue body names, from its marker; null when it names none. */
export function auditTicketOfIssue(issueBody: string): string | null {
  return /<!-- opsguard:audit-ticket=(audit_ticket_\d{8}_\d{6}) -->/.exec(issueBody)?.[1] ?? null;
}

function body(n: Notification): string {
  const links = n.links.flatMap((l) => {
    const url = safeUrl(l.url);
    return url === null ? [] : [`- [${markdownCode(l.text)}](${url})`];
  });
  return [
    marker(n.fingerprint),
    `**${n.severity.toUpperCase()}** · ${n.kind}`,
    '',
    ...ticketLines(n),
    markdownCodeBlock([n.title, ...n.lines]),
    ...(links.length > 0 ? ['', ...links] : []),
  ].join('\n');
}

/** A plain-text note (a recovery) as a comment, under the subject's marker. */
function note(fingerprint: string, text: string): string {
  return `${marker(fingerprint)}\n${markdownCodeBlock([text])}`;
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
    (await api.listOpenIssues(label)).find((i) => {
      const text = i.body ?? '';
      return text.includes(marker(fingerprint)) || text.includes(legacyMarker(fingerprint));
    });
  return {
    name: 'github-issue',
    async send(n: Notification): Promise<ChannelResult> {
      const open = await findOpen(n.fingerprint);
      if (open) {
        await api.createComment(open.number, body(n));
        return {
          channel: 'github-issue',
          detail: `commented on #${open.number}`,
          issue: { number: open.number, url: open.html_url },
        };
      }
      const created = await api.createIssue({
        // Titles render no Markdown, links or mentions; one line, no control characters.
        title: `[OpsGuard] ${oneLine(n.title)}`.slice(0, 250),
        body: body(n),
        labels: [label],
      });
      return {
        channel: 'github-issue',
        detail: `opened #${created.number}`,
        issue: { number: created.number, url: created.html_url },
      };
    },
    async openFingerprints(): Promise<string[]> {
      const found: string[] = [];
      for (const issue of await api.listOpenIssues(label)) {
        const match = /<!-- opsguard:fingerprint=(.+?) -->/.exec(issue.body ?? '');
        if (match?.[1]) found.push(decodeFingerprint(match[1]));
      }
      return found;
    },
    async resolve(fingerprint: string, comment: string): Promise<boolean> {
      const open = await findOpen(fingerprint);
      if (!open) return false;
      await api.createComment(open.number, note(fingerprint, comment));
      await api.closeIssue(open.number);
      return true;
    },
  };
}
