// Regenerates examples/sample/ (the demo's recorded GitHub data) byte for byte: a seeded PRNG
// and a fixed anchor time, so running it again changes nothing unless the generator changed.
//   tsx scripts/generate-sample.ts
import { defaultSampleDir, generateSample, writeSampleFiles } from '@opsguard/sample';

const dir = defaultSampleDir();
const { manifest, files } = generateSample();
await writeSampleFiles(dir, files);
const bytes = [...files.values()].reduce((n, text) => n + Buffer.byteLength(text), 0);
console.log(
  `${dir}: ${manifest.counts.runs} runs, ${manifest.counts.attempts} attempts, ${manifest.counts.jobs} jobs, ` +
    `${manifest.counts.logs} logs, ${files.size} files, ${(bytes / 1024 / 1024).toFixed(2)} MiB`,
);
