import { actionLogger, appendSummary, runAction, setOutputs, uploadArtifact } from '@opsguard/action-kit';
import { readSettings } from './settings.js';

/** Settings → the bundle (collected, or another step's) → uploaded and, when asked, committed through the guard. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const s = readSettings();
    const { auditSetupOf, publishEvidence, loopProblems, describeProblem } = await import('@opsguard/engine');
    const { guaranteesSummary, problemsSummary } = await import('@opsguard/evidence');
    const log = (line: string) => actionLogger.info(line);
    const published = await publishEvidence(
      {
        ...auditSetupOf(s, log),
        kind: 'evidence',
        apply: false,
        jobs: 'failed',
        artifacts: s.artifacts,
        runIds: s.runIds,
      },
      { bundlePath: s.bundlePath, commitBranch: s.commitBranch },
    );
    const { bundle, commit } = published;
    setOutputs({ 'bundle-path': bundle.dir, 'index-digest': bundle.indexSha256 });
    if (s.upload) {
      const uploaded = await uploadArtifact(
        s.artifactName,
        bundle.dir,
        bundle.files.map((f) => f.path),
      );
      log(`uploaded ${uploaded.files} file(s) as artifact "${s.artifactName}" (id ${uploaded.id ?? 'unknown'})`);
    }
    if (commit.kind === 'committed') setOutputs({ commit: commit.sha });
    const problems = [
      ...(published.run ? loopProblems(published.run).map(describeProblem) : []),
      ...(commit.kind === 'refused'
        ? [`commit to ${s.commitBranch ?? ''} refused (${commit.reason}): ${commit.message}`]
        : []),
      ...(commit.kind === 'failed' ? [`commit to ${s.commitBranch ?? ''} failed: ${commit.message}`] : []),
    ];
    await appendSummary(
      [
        `### OpsGuard evidence\n\nBundle \`${bundle.dir}\` (${bundle.files.length} files, index SHA-256 \`${bundle.indexSha256}\`).`,
        problemsSummary(problems),
        guaranteesSummary(published.guarantees),
      ].join('\n\n'),
    );
    if (problems.length > 0) throw new Error(problems.join('; '));
  });
}
