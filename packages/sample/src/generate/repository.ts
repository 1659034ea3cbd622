// The recorded repository and the people acting in it, in the exact shapes GitHub returns.
import type { FullRepository, MinimalRepository, SimpleUser } from '../types.js';

export const API = 'https://api.github.com';
export const WEB = 'https://github.com';

export interface RepoRef {
  readonly owner: string;
  readonly name: string;
  readonly id: number;
  readonly ownerId: number;
}

export const REPO: RepoRef = { owner: 'acme', name: 'webshop', id: 712_345_678, ownerId: 48_213_907 };

export function repoApi(repo: RepoRef): string {
  return `${API}/repos/${repo.owner}/${repo.name}`;
}

export function repoWeb(repo: RepoRef): string {
  return `${WEB}/${repo.owner}/${repo.name}`;
}

export function aUser(login: string, id: number, type: 'User' | 'Organization' | 'Bot' = 'User'): SimpleUser {
  const api = `${API}/users/${login}`;
  return {
    login,
    id,
    node_id: `${{ User: 'U', Organization: 'O', Bot: 'BOT' }[type]}_kgDO${id.toString(36).toUpperCase()}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: `${WEB}/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type,
    site_admin: false,
  };
}

export function minimalRepository(repo: RepoRef): MinimalRepository {
  return repositoryFields(repo);
}

/** The fields minimal and full repositories share, typed as written (no optional widening). */
function repositoryFields(repo: RepoRef) {
  const api = repoApi(repo);
  return {
    id: repo.id,
    node_id: `R_kgDOKo${repo.id.toString(36).toUpperCase()}`,
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    private: true,
    owner: aUser(repo.owner, repo.ownerId, 'Organization'),
    html_url: repoWeb(repo),
    description: 'Storefront, checkout and order services for ACME',
    fork: false,
    url: api,
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    teams_url: `${api}/teams`,
    hooks_url: `${api}/hooks`,
    issue_events_url: `${api}/issues/events{/number}`,
    events_url: `${api}/events`,
    assignees_url: `${api}/assignees{/user}`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    blobs_url: `${api}/git/blobs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    statuses_url: `${api}/statuses/{sha}`,
    languages_url: `${api}/languages`,
    stargazers_url: `${api}/stargazers`,
    contributors_url: `${api}/contributors`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    commits_url: `${api}/commits{/sha}`,
    git_commits_url: `${api}/git/commits{/sha}`,
    comments_url: `${api}/comments{/number}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    contents_url: `${api}/contents/{+path}`,
    compare_url: `${api}/compare/{base}...{head}`,
    merges_url: `${api}/merges`,
    archive_url: `${api}/{archive_format}{/ref}`,
    downloads_url: `${api}/downloads`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    labels_url: `${api}/labels{/name}`,
    releases_url: `${api}/releases{/id}`,
    deployments_url: `${api}/deployments`,
  };
}

export function fullRepository(repo: RepoRef, pushedAt: string): FullRepository {
  const web = repoWeb(repo);
  return {
    ...repositoryFields(repo),
    forks: 0,
    open_issues: 23,
    watchers: 14,
    git_url: `git://github.com/${repo.owner}/${repo.name}.git`,
    ssh_url: `git@github.com:${repo.owner}/${repo.name}.git`,
    clone_url: `${web}.git`,
    svn_url: web,
    mirror_url: null,
    license: null,
    homepage: 'https://shop.acme.example',
    language: 'TypeScript',
    forks_count: 0,
    stargazers_count: 14,
    watchers_count: 14,
    size: 48_213,
    default_branch: 'main',
    open_issues_count: 23,
    is_template: false,
    topics: ['ecommerce', 'typescript'],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: 'private',
    pushed_at: pushedAt,
    created_at: '2023-03-14T09:26:53Z',
    updated_at: pushedAt,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    allow_rebase_merge: false,
    allow_squash_merge: true,
    allow_merge_commit: false,
    allow_auto_merge: true,
    delete_branch_on_merge: true,
    network_count: 0,
    subscribers_count: 9,
  };
}

/** The people (and bots) whose pushes, pull requests and dispatches start the recorded runs. */
export const PEOPLE: readonly SimpleUser[] = [
  aUser('mika-sato', 3_814_220),
  aUser('jpark-dev', 5_120_994),
  aUser('lchen', 2_290_431),
  aUser('oduya', 7_731_052),
  aUser('r-novak', 6_402_118),
];

export const DEPENDABOT: SimpleUser = aUser('dependabot[bot]', 49_699_333, 'Bot');
