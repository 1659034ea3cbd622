import type { GitHubRequester } from './client-types.js';
import type { RepoRef } from './repo.js';

/**
 * Starts `on: repository_dispatch` workflows; one of the two events a GITHUB_TOKEN may trigger
 * runs with. GitHub allows at most 10 top-level keys in `client_payload`.
 */
export async function createRepositoryDispatch(
  client: GitHubRequester,
  repo: RepoRef,
  eventType: string,
  clientPayload: Readonly<Record<string, unknown>> = {},
): Promise<void> {
  if (eventType.length === 0 || eventType.length > 100) throw new RangeError('event type must be 1–100 characters');
  if (Object.keys(clientPayload).length > 10) throw new RangeError('client_payload may have at most 10 top-level keys');
  await client.request('POST /repos/{owner}/{repo}/dispatches', {
    ...repo,
    event_type: eventType,
    client_payload: clientPayload,
  });
}
