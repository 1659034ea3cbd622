// Issues and comments of the replayed repository, created and changed in memory like GitHub does.
import type { Issue, IssueComment, SimpleUser } from '../types.js';

interface IssueInput {
  readonly title?: unknown;
  readonly body?: unknown;
  readonly labels?: unknown;
  readonly state?: unknown;
  readonly state_reason?: unknown;
}

export class IssueStore {
  readonly #issues = new Map<number, Issue>();
  readonly #comments = new Map<number, IssueComment[]>();
  #nextNumber: number;
  #nextId = 2_610_000_001;
  #nextCommentId = 3_550_000_001;

  constructor(
    private readonly api: string,
    private readonly web: string,
    firstNumber: number,
  ) {
    this.#nextNumber = firstNumber;
  }

  list(query: URLSearchParams): Issue[] {
    const state = query.get('state') ?? 'open';
    const labels = (query.get('labels') ?? '')
      .split(',')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    return [...this.#issues.values()]
      .filter((i) => state === 'all' || i.state === state)
      .filter((i) => labels.every((l) => i.labels.some((x) => (typeof x === 'string' ? x : x.name) === l)))
      .sort((a, b) => b.number - a.number);
  }

  get(number: number): Issue | undefined {
    return this.#issues.get(number);
  }

  comments(number: number): IssueComment[] {
    return this.#comments.get(number) ?? [];
  }

  /** Returns the new issue, or a validation message for a 422. */
  create(input: IssueInput, user: SimpleUser, now: Date): Issue | string {
    if (typeof input.title !== 'string' || input.title.trim() === '') return "title wasn't supplied.";
    const number = this.#nextNumber++;
    const id = this.#nextId++;
    const stamp = iso(now);
    const url = `${this.api}/issues/${number}`;
    const issue: Issue = {
      url,
      repository_url: this.api,
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      html_url: `${this.web}/issues/${number}`,
      id,
      node_id: `I_kwDOKo${id.toString(36).toUpperCase()}`,
      number,
      title: input.title,
      user,
      labels: this.#labels(input.labels),
      state: 'open',
      locked: false,
      assignee: null,
      assignees: [],
      milestone: null,
      comments: 0,
      created_at: stamp,
      updated_at: stamp,
      closed_at: null,
      author_association: 'NONE',
      active_lock_reason: null,
      body: typeof input.body === 'string' ? input.body : null,
      closed_by: null,
      timeline_url: `${url}/timeline`,
      state_reason: null,
    };
    this.#issues.set(number, issue);
    return issue;
  }

  update(number: number, input: IssueInput, user: SimpleUser, now: Date): Issue | undefined {
    const issue = this.#issues.get(number);
    if (!issue) return undefined;
    const stamp = iso(now);
    const closing = input.state === 'closed' && issue.state !== 'closed';
    const reopening = input.state === 'open' && issue.state === 'closed';
    const updated: Issue = {
      ...issue,
      ...(typeof input.title === 'string' ? { title: input.title } : {}),
      ...(typeof input.body === 'string' ? { body: input.body } : {}),
      ...(input.labels === undefined ? {} : { labels: this.#labels(input.labels) }),
      ...(closing
        ? {
            state: 'closed',
            closed_at: stamp,
            closed_by: user,
            state_reason: input.state_reason === 'not_planned' ? 'not_planned' : 'completed',
          }
        : {}),
      ...(reopening ? { state: 'open', closed_at: null, closed_by: null, state_reason: 'reopened' } : {}),
      updated_at: stamp,
    };
    this.#issues.set(number, updated);
    return updated;
  }

  comment(number: number, body: unknown, user: SimpleUser, now: Date): IssueComment | string | undefined {
    const issue = this.#issues.get(number);
    if (!issue) return undefined;
    if (typeof body !== 'string' || body === '') return "body wasn't supplied.";
    const id = this.#nextCommentId++;
    const stamp = iso(now);
    const comment: IssueComment = {
      url: `${this.api}/issues/comments/${id}`,
      html_url: `${issue.html_url}#issuecomment-${id}`,
      issue_url: issue.url,
      id,
      node_id: `IC_kwDOKo${id.toString(36).toUpperCase()}`,
      user,
      created_at: stamp,
      updated_at: stamp,
      author_association: 'NONE',
      body,
    };
    this.#comments.set(number, [...this.comments(number), comment]);
    this.#issues.set(number, { ...issue, comments: issue.comments + 1, updated_at: stamp });
    return comment;
  }

  #labels(value: unknown): Issue['labels'] {
    const names = Array.isArray(value)
      ? value.map((v) =>
          typeof v === 'string' ? v : typeof v === 'object' && v !== null && 'name' in v ? String(v.name) : '',
        )
      : [];
    return names
      .filter((n) => n !== '')
      .map((name) => ({
        id: 7_100_000_000 + [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1_000_000, 7),
        node_id: `LA_kwDOKo${name.length}`,
        url: `${this.api}/labels/${encodeURIComponent(name)}`,
        name,
        color: 'ededed',
        default: false,
        description: null,
      }));
  }
}

function iso(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
