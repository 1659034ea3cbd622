// User-controlled text (annotation and log lines, run titles, commit messages, job, step and
// workflow names) reaches GitHub and Slack from fork pull requests too. Each format gets it as
// inert text: no mention pings anyone, nothing becomes a link or an image, no HTML runs.

/** Line breaks of every kind, so one line of text stays one line. */
const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/g;
/** C0/C1 controls other than tab: they have no business in a message and can hide text. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/** Bidirectional overrides and isolates, which make text read differently than it is. */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

/** The text on one line, controls removed, line breaks as ⏎. */
export function oneLine(text: string): string {
  return text.replace(LINE_BREAKS, ' ⏎ ').replace(CONTROLS, '').replace(BIDI, '');
}

/** Text split into lines, controls removed (for code blocks, which keep line breaks). */
export function textLines(text: string): string[] {
  return text.split(LINE_BREAKS).map((line) => line.replace(CONTROLS, '').replace(BIDI, ''));
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/**
 * GitHub Markdown: a code span around the text on one line. Inside one, GitHub renders
 * nothing: no @mention, #reference, autolink, image, emphasis or HTML. The fence is one
 * backtick longer than any run inside, and padded so a backtick at either end stays text.
 */
export function markdownCode(text: string): string {
  const line = oneLine(text);
  if (line.trim() === '') return '` `';
  const fence = '`'.repeat(longestRun(line, '`') + 1);
  return `${fence} ${line} ${fence}`;
}

/** GitHub Markdown: a fenced code block of the lines; no line inside can close it. */
export function markdownCodeBlock(lines: readonly string[]): string {
  const content = lines.flatMap(textLines);
  const fence = '`'.repeat(Math.max(3, ...content.map((l) => longestRun(l, '`') + 1)));
  return [`${fence}text`, ...content, fence].join('\n');
}

/** Slack's control characters, escaped as Slack's formatting reference asks (and nothing else). */
export function slackEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * Slack mrkdwn: a code block of the escaped lines, at most `maxChars` long (Slack's limit for a
 * text object is 3,000). `<!channel>`, `<@U…>` and `<url|text>` need a raw `<`, which escaping
 * removes; inside the block nothing is formatted, and a run of three backticks inside is broken
 * up so the block cannot be closed early.
 */
export function slackCodeBlock(lines: readonly string[], maxChars = 3000): string {
  const budget = maxChars - 7; // two fences and the ellipsis
  const out: string[] = [];
  let used = 0;
  for (const line of lines.flatMap(textLines)) {
    const escaped = slackEscape(line).replace(/`(?=``)/g, '`\u200b');
    const room = budget - used - (out.length > 0 ? 1 : 0);
    if (escaped.length > room) {
      // Cut, but never inside an entity such as &amp;.
      out.push(`${escaped.slice(0, Math.max(0, room)).replace(/&[a-z]*$/, '')}…`);
      break;
    }
    out.push(escaped);
    used += escaped.length + (out.length > 1 ? 1 : 0);
  }
  return `\`\`\`${out.join('\n')}\`\`\``;
}

/** An http(s) URL made safe to put in a link, or null when it is anything else. */
export function safeUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  // Markdown ends a link destination at an unbalanced parenthesis; Slack at `|` and `>`.
  return parsed.href.replaceAll('(', '%28').replaceAll(')', '%29').replaceAll('|', '%7C');
}
