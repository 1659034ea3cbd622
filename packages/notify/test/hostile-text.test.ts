import { describe, expect, it } from '@jest/globals';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { createIssueChannel, slackBlocks, type IssueApi, type Notification } from '../src/index.js';
import { markdownCode, markdownCodeBlock, slackCodeBlock, slackEscape } from '../src/plain-text.js';

/** What a fork pull request can put in annotation and log text, titles, commit messages and names. */
const HOSTILE = [
  '@octocat @acme/security please look',
  '<!channel> <!here> <!everyone> <@U024BE7LH> <#C024BE7LH> <!subteam^S012345>',
  '<https://evil.example/login|Click to re-authenticate>',
  '![pixel](https://evil.example/track.png) [docs](https://evil.example/phish)',
  'visit https://evil.example/x or www.evil.example',
  '<img src=x onerror=alert(1)> <script>alert(1)</script> <details open>',
  'closes #1 and GH-2 in acme/web#3',
  '``` fenced ``` and ```` more ````',
  '` lone backtick and ``double``',
  'line one\n# injected heading\n- injected list\n<img src=y>',
  '--> <!-- opsguard:fingerprint=forged --> end',
  'bidi \u202etxt.exe and control \u0007 chars',
  '&amp; &lt; & < > plain',
];

const hostile: Notification = {
  fingerprint: `failure:${HOSTILE[1]} --> <img src=z>`,
  kind: 'failure',
  severity: 'warning',
  title: `${HOSTILE[0]} ${HOSTILE[2]} failed`,
  lines: HOSTILE,
  links: [
    { text: 'run 42 @octocat ![x](y)', url: 'https://github.com/acme/web/actions/runs/42' },
    { text: 'bad', url: 'javascript:alert(1)' },
  ],
};

/** GitHub's Markdown: CommonMark with the GFM extensions (autolinks, tables, tag filter...). */
const render = (markdown: string) =>
  micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });

/** The HTML with every <code> element removed: what is left is rendered, not shown as text. */
const outsideCode = (html: string) => html.replace(/<code[^>]*>[\s\S]*?<\/code>/g, '');

function issueTracker() {
  const bodies: string[] = [];
  const titles: string[] = [];
  const api: IssueApi = {
    listOpenIssues: async () => [],
    createIssue: async ({ title, body }) => {
      titles.push(title);
      bodies.push(body);
      return { number: 1, html_url: 'https://github.com/acme/web/issues/1' };
    },
    createComment: async () => undefined,
    closeIssue: async () => undefined,
  };
  return { api, bodies, titles };
}

describe('GitHub issue bodies render hostile text as plain text', () => {
  it('no mention, reference, link, image or HTML comes from the text; every line shows verbatim', async () => {
    const { api, bodies, titles } = issueTracker();
    await createIssueChannel(api).send(hostile);
    const html = render(bodies[0] ?? '');
    const rendered = outsideCode(html);
    // The only link is OpsGuard's run link; its text is code.
    expect([...html.matchAll(/<a [^>]*href="([^"]*)"/g)].map((m) => m[1])).toEqual([
      'https://github.com/acme/web/actions/runs/42',
    ]);
    expect(html).not.toMatch(/<img|<script|<details|<h1|javascript:/i);
    // GitHub links @mentions and #references in text nodes only, never inside code.
    expect(rendered).not.toMatch(/@|#\d|GH-\d|evil\.example|<!channel>|<!--.*forged/);
    const code = [...html.matchAll(/<code[^>]*>([\s\S]*?)<\/code>/g)].map((m) => m[1]).join('\n');
    for (const line of ['@octocat @acme/security please look', '# injected heading', 'closes #1 and GH-2']) {
      expect(code).toContain(line);
    }
    expect(code).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // The marker is one HTML comment that the text cannot end early.
    expect(bodies[0]?.split('\n')[0]).toMatch(/^<!-- opsguard:fingerprint=[^\s<>]+ -->$/);
    expect(titles[0]).not.toMatch(/\n/);
  });

  it('the fingerprint survives encoding: the open issue is found again', async () => {
    const open: { number: number; body: string; html_url: string }[] = [];
    const comments: string[] = [];
    const api: IssueApi = {
      listOpenIssues: async () => open,
      createIssue: async ({ body }) => {
        open.push({ number: 7, body, html_url: 'https://github.com/acme/web/issues/7' });
        return open[0]!;
      },
      createComment: async (_n, body) => void comments.push(body),
      closeIssue: async () => void open.pop(),
    };
    const channel = createIssueChannel(api);
    await channel.send(hostile);
    expect(await channel.openFingerprints()).toEqual([hostile.fingerprint]);
    expect((await channel.send(hostile)).detail).toBe('commented on #7');
    expect(await channel.resolve(hostile.fingerprint, 'recovered @octocat <img src=x>')).toBe(true);
    expect(outsideCode(render(comments[1] ?? ''))).not.toMatch(/@|<img/);
  });

  it('a code span or block cannot be closed from inside', () => {
    for (const text of ['a ` b', '``x``', '`', ' `lead', 'trail` ', '````']) {
      const html = render(markdownCode(text));
      expect(html).toMatch(/^<p><code>[^<]*<\/code><\/p>\n?$/);
    }
    const block = render(markdownCodeBlock(['```', '````', 'after']));
    expect(block).toMatch(/^<pre><code class="language-text">```\n````\nafter\n<\/code><\/pre>\n?$/);
  });
});

describe('Slack messages render hostile text as plain text', () => {
  const payload = slackBlocks(hostile) as {
    text: string;
    blocks: { type: string; text?: { type: string; text: string; verbatim?: boolean }; elements?: unknown[] }[];
    unfurl_links: boolean;
    unfurl_media: boolean;
  };
  const json = JSON.stringify(payload);

  it('escapes &, < and > everywhere, so no <!channel>, <@U…> or <url|text> survives', () => {
    expect(json).not.toMatch(/<[!@#]|<https?:/);
    expect(json).not.toMatch(/<img|<script/);
    expect(json).toContain('&lt;!channel&gt;');
    expect(json).toContain('&amp;amp; &amp;lt; &amp; &lt; &gt; plain');
  });

  it('user text is code and verbatim (no automatic links or mentions); nothing unfurls', () => {
    const mrkdwn = payload.blocks.flatMap((b) =>
      b.text?.type === 'mrkdwn' ? [b.text] : ((b.elements ?? []) as { type: string; verbatim?: boolean }[]),
    );
    expect(mrkdwn.length).toBeGreaterThan(0);
    for (const t of mrkdwn) if (t.type === 'mrkdwn') expect(t.verbatim).toBe(true);
    const lines = payload.blocks.find((b) => b.text?.text.startsWith('```'))?.text?.text ?? '';
    expect(lines.startsWith('```') && lines.endsWith('```')).toBe(true);
    // The block ends only at its end: the fences inside were broken up.
    expect(lines.slice(3, -3)).not.toContain('```');
    expect(payload.unfurl_links).toBe(false);
    expect(payload.unfurl_media).toBe(false);
    // The header and the notification text are OpsGuard's words only.
    expect(payload.text).toBe('⚠️ OpsGuard failure (warning)');
  });

  it('buttons link only to http(s) URLs', () => {
    const actions = payload.blocks.find((b) => b.type === 'actions');
    expect((actions?.elements as { url: string }[]).map((e) => e.url)).toEqual([
      'https://github.com/acme/web/actions/runs/42',
    ]);
  });

  it('escaping is exactly Slack’s three characters; a long block is cut without breaking an entity', () => {
    expect(slackEscape('a & b < c > d " \' e')).toBe('a &amp; b &lt; c &gt; d " \' e');
    const block = slackCodeBlock(['&'.repeat(5000)]);
    expect(block.length).toBeLessThanOrEqual(3000);
    expect(block).toMatch(/^```(&amp;)+…```$/);
  });
});
