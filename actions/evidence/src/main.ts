import { actionLogger, runAction, setOutputs, uploadArtifact } from '@opsguard/action-kit';
import { readSettings } from './settings.js';

/** Settings → the shared loop, read-only → the bundle, uploaded and (when asked) committed. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const s = readSettings();
    const { auditRepository, auditSetupOf, existingBundle } = await import('@opsguard/engine');
    const bundle =
      s.bundlePath !== undefined
        ? await existingBundle(s.bundlePath)
        : (
            await auditRepository({
              ...auditSetupOf(s, (line) => actionLogger.info(line)),
              apply: false,
              jobs: 'failed',
              artifacts: s.artifacts,
              ...(s.runIds !== undefined && { runIds: s.runIds }),
            })
          ).bundle;
    setOutputs({ 'bundle-path': bundle.dir, 'index-digest': bundle.indexSha256 });
    if (s.upload) {
      const uploaded = await uploadArtifact(
        s.artifactName,
        bundle.dir,
        bundle.files.map((f) => f.path),
      );
      actionLogger.info(
        `uploaded ${uploaded.files} file(s) as artifact "${s.artifactName}" (id ${uploaded.id ?? 'unknown'})`,
      );
    }
    if (s.commitBranch) {
      const { commitBundle } = await import('@opsguard/engine');
      const commit = await commitBundle({
        token: s.token,
        repo: { owner: s.owner, repo: s.repo },
        branch: s.commitBranch,
        bundle,
        cwd: process.cwd(),
        log: (line) => actionLogger.info(line),
      });
      setOutputs({ commit: commit.sha });
    }
  });
}
