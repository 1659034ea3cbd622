// Secret sanitiser over a ~100 MB synthetic CI log: OpsGuard's streaming sanitiser (prefilter +
// per-line rules) against secretlint's recommended preset (`@secretlint/core` lintSource, the whole
// text in one call, then the reported ranges masked) on the same text, in the same run. Two inputs:
// a log with a secret every 500 lines (secretlint slows down superlinearly with findings, so it gets
// a 5 MB slice), and the same log without secrets (secretlint's best case, both on the same text).
import os from 'node:os';
import { createSanitizer } from '@opsguard/core';
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';

const MB = Number(process.env['BENCH_SANITIZE_MB'] ?? 100);
const SECRETLINT_MB = Number(process.env['BENCH_SANITIZE_SECRETLINT_MB'] ?? 5);
const CLEAN_MB = Number(process.env['BENCH_SANITIZE_CLEAN_MB'] ?? 30);
const CHUNK = 64 * 1024;
const ROUNDS = Number(process.env['BENCH_SANITIZE_ROUNDS'] ?? 3);

function makeLog(bytes: number, withSecrets = true): string {
  let seed = 7;
  const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const hex = '0123456789abcdef';
  const rand = (n: number, set = alnum) =>
    Array.from({ length: n }, () => set[Math.floor(rnd() * set.length)]).join('');
  const ordinary = [
    () => `npm warn deprecated inflight@1.0.6: This module is not supported, and leaks memory`,
    () =>
      `added ${Math.floor(rnd() * 900)} packages, and audited ${Math.floor(rnd() * 1500)} packages in ${Math.floor(rnd() * 60)}s`,
    () => `PASS packages/core/test/retry/retry-policy.test.ts (${(rnd() * 5).toFixed(3)} s)`,
    () => `  ✓ computes the backoff for attempt ${Math.floor(rnd() * 9)} (${Math.floor(rnd() * 30)} ms)`,
    () => `/home/runner/work/ops-toolkit/ops-toolkit/node_modules/.bin/tsc --noEmit -p tsconfig.json`,
    () => `HEAD is now at ${rand(7, hex)} fix flaky test in the retry engine`,
    () => `commit ${rand(40, hex)}`,
    () =>
      `Downloading https://github.com/actions/runner/releases/download/v2.311.0/actions-runner-linux-x64-2.311.0.tar.gz`,
    () => `Cache restored from key: Linux-node-${rand(64, hex)}`,
    () => `##[group]Run actions/checkout@${rand(40, hex)}`,
    () => `  with:\n    repository: acme/ops-toolkit\n    token: ***\n    ssh-strict: true`,
    () => `Step 4/12 : RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates`,
    () => ` ---> Running in ${rand(12, hex)}`,
    () => `digest: sha256:${rand(64, hex)} size: 2417`,
    () => `Error: expect(received).toBe(expected) // Object.is equality\n\nExpected: 200\nReceived: 503`,
    () => `    at Object.<anonymous> (/home/runner/work/api/api/src/server.test.ts:${Math.floor(rnd() * 300)}:17)`,
    () => `warning: LF will be replaced by CRLF in src/generated/schema.graphql.`,
    () =>
      `trace_id=${rand(32, hex)} span_id=${rand(16, hex)} level=info msg="request completed" duration_ms=${Math.floor(rnd() * 900)}`,
    () => `go: downloading github.com/spf13/cobra v1.8.0`,
    () => `Collecting requests==2.31.0 (from -r requirements.txt (line 4))`,
    () =>
      `request id ${rand(8, hex)}-${rand(4, hex)}-${rand(4, hex)}-${rand(4, hex)}-${rand(12, hex)} completed in ${Math.floor(rnd() * 900)}ms`,
  ];
  const secrets = [
    () => `export GITHUB_TOKEN=ghp_${rand(36)}`,
    () => `+ curl -H "Authorization: Bearer ${rand(40)}" https://api.example.com/v1/deploy`,
    () => `aws_secret_access_key = ${rand(40)}`,
    () => `DATABASE_URL=postgres://ci:${rand(20)}@db.internal:5432/app`,
    () => `-----BEGIN RSA PRIVATE KEY-----\n${rand(64)}\n${rand(64)}\n-----END RSA PRIVATE KEY-----`,
    () => `{"api_key": "${rand(32)}"}`,
    () => `slack: xoxb-${rand(11, '0123456789')}-${rand(13, '0123456789')}-${rand(24)}`,
  ];
  const parts: string[] = [];
  let size = 0;
  let n = 0;
  while (size < bytes) {
    const ts = `2026-11-20T10:${String(Math.floor(n / 6000) % 60).padStart(2, '0')}:${String(Math.floor(n / 100) % 60).padStart(2, '0')}.${String(n % 10_000_000).padStart(7, '0')}Z `;
    const line = ts + (withSecrets && n % 500 === 499 ? pick(secrets)() : pick(ordinary)()) + '\n';
    parts.push(line);
    size += line.length;
    n++;
  }
  return parts.join('');
}

function mbps(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}

/** A throughput measurement: wall and CPU rate over `bytes`. */
interface Rate {
  readonly ms: number;
  readonly rate: number;
  readonly cpuRate: number;
}

function measure(bytes: number, cpu: NodeJS.CpuUsage, started: number): Rate {
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { ms, rate: mbps(bytes, ms), cpuRate: mbps(bytes, (used.user + used.system) / 1000) };
}

/** OpsGuard's streaming sanitiser over `input` in CHUNK pieces; `sample` runs every 64 chunks (rss). */
function ours(
  input: string,
  sample: () => void = () => undefined,
): Rate & { outBytes: number; counts: Record<string, number> } {
  const sanitizer = createSanitizer();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const stream = sanitizer.stream();
  let outBytes = 0;
  for (let i = 0; i < input.length; i += CHUNK) {
    outBytes += stream.write(input.slice(i, i + CHUNK)).length;
    if ((i / CHUNK) % 64 === 0) sample();
  }
  outBytes += stream.end().length;
  const rate = measure(input.length, cpu, started);
  return { ...rate, outBytes, counts: sanitizer.counts() };
}

/** secretlint's recommended preset over `input` in one call, its findings masked in one pass. */
async function secretlint(input: string): Promise<Rate & { findings: number; outBytes: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await lintSource({
    source: { content: input, filePath: 'ci.log', contentType: 'text' },
    options: {
      maskSecrets: true,
      noPhysicFilePath: true,
      config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }] },
    },
  });
  const pieces: string[] = [];
  let at = 0;
  for (const m of [...result.messages].sort((a, b) => a.range[0] - b.range[0])) {
    if (m.range[0] < at) continue;
    pieces.push(input.slice(at, m.range[0]), '***');
    at = m.range[1];
  }
  pieces.push(input.slice(at));
  const outBytes = pieces.join('').length;
  return { ...measure(input.length, cpu, started), findings: result.messages.length, outBytes };
}

const text = makeLog(MB * 1e6);
global.gc?.();
const rssBefore = process.memoryUsage().rss;
let peakRss = rssBefore;
const small = text.slice(0, SECRETLINT_MB * 1e6);
// Rounds alternate the two, so a burst of load on this shared machine hits both alike; the
// median of the rounds' ratios is the figure (and each side's best rate is shown too).
const rounds: { mine: ReturnType<typeof ours>; theirs: Awaited<ReturnType<typeof secretlint>> }[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const mine = ours(text, () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  });
  rounds.push({ mine, theirs: await secretlint(small) });
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const best = <T>(xs: T[], rate: (x: T) => number): T => xs.reduce((a, b) => (rate(b) > rate(a) ? b : a));
const mine = best(
  rounds.map((r) => r.mine),
  (r) => r.rate,
);
const theirs = best(
  rounds.map((r) => r.theirs),
  (r) => r.rate,
);

console.log(
  `input: ${(text.length / 1e6).toFixed(1)} MB synthetic CI log (${Object.values(mine.counts).reduce((a, b) => a + b, 0)} secrets masked, output ${(mine.outBytes / 1e6).toFixed(1)} MB); ${ROUNDS} alternating rounds`,
);
console.log(
  `opsguard sanitize (stream, ${CHUNK / 1024} KiB chunks): best ${mine.rate.toFixed(0)} MB/s wall (${mine.ms.toFixed(0)} ms), ${mine.cpuRate.toFixed(0)} MB/s of CPU time`,
);
console.log(
  `secretlint recommended (lintSource on ${(small.length / 1e6).toFixed(1)} MB, one call): best ${theirs.rate.toFixed(1)} MB/s wall (${theirs.ms.toFixed(0)} ms, ${theirs.findings} findings), ${theirs.cpuRate.toFixed(1)} MB/s of CPU time`,
);
const wallRatios = rounds.map((r) => r.mine.rate / r.theirs.rate);
const cpuRatios = rounds.map((r) => r.mine.cpuRate / r.theirs.cpuRate);
console.log(
  `ratio: ${median(wallRatios).toFixed(1)}x wall, ${median(cpuRatios).toFixed(1)}x CPU time (median of rounds ${wallRatios.map((x) => x.toFixed(1)).join(', ')}; load average ${os.loadavg()[0]?.toFixed(1)} on ${os.availableParallelism()} cores)`,
);
console.log(`rss growth while sanitising: ${((peakRss - rssBefore) / 1e6).toFixed(1)} MB`);
const clean = makeLog(CLEAN_MB * 1e6, false);
const cleanRatios: number[] = [];
let cleanLast = { ours: 0, theirs: 0, findings: 0 };
for (let round = 0; round < ROUNDS; round++) {
  const o = ours(clean);
  const t = await secretlint(clean);
  cleanRatios.push(o.rate / t.rate);
  cleanLast = { ours: o.rate, theirs: t.rate, findings: t.findings };
}
console.log(
  `without secrets (${(clean.length / 1e6).toFixed(0)} MB, both on the same text): opsguard ${cleanLast.ours.toFixed(0)} MB/s, secretlint ${cleanLast.theirs.toFixed(0)} MB/s (${cleanLast.findings} findings) → ratio ${median(cleanRatios).toFixed(1)}x wall (median of ${ROUNDS})`,
);
console.log(`counts: ${JSON.stringify(mine.counts)}`);
