import { join } from 'node:path';

export interface UploadedArtifact {
  readonly id: number | undefined;
  readonly files: number;
  readonly bytes: number | undefined;
}

/**
 * Uploads a folder's files (paths relative to `rootDir`) as one run artifact. The artifact client
 * is imported here, not at load, so actions that never upload do not pay for it.
 */
export async function uploadArtifact(
  name: string,
  rootDir: string,
  relativePaths: readonly string[],
): Promise<UploadedArtifact> {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  const client = new DefaultArtifactClient();
  const files = relativePaths.map((p) => join(rootDir, p));
  const response = await client.uploadArtifact(name, files, rootDir, { retentionDays: 90 });
  return { id: response.id, files: files.length, bytes: response.size };
}
