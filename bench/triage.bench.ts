// Triage quality: the sanitiser and the failure classifier on the hand-written probe sets (kept as
// tests in packages/core/test/*/probes) and, when the development sets are next to the checkout
// (../shared/evals), on those too — so a regression in either shows as a number. Exit 1 when a
// probe figure is below its target (masked ≥ 0.99, clean changed ≤ 0.01, precision ≥ 0.99,
// recall ≥ 0.95).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyText, compileRetryPolicy, createSanitizer, type RetryPolicy } from '@opsguard/core';
import policy from '../config/retry-policy.json' with { type: 'json' };
import { FAILURE_PROBES } from '../packages/core/test/diagnosis/probes/failure-probes.js';
import { HOLDOUT_FAILURE_PROBES } from '../packages/core/test/diagnosis/probes/holdout-probes.js';
import { THIRD_HOLDOUT_FAILURE_PROBES } from '../packages/core/test/diagnosis/probes/third-holdout-probes.js';
import { HOLDOUT_CLEAN_PROBES, HOLDOUT_SECRET_PROBES } from '../packages/core/test/masking/probes/holdout-probes.js';
import { CLEAN_PROBES, SECRET_PROBES, type SecretProbe } from '../packages/core/test/masking/probes/secret-probes.js';
import {
  THIRD_HOLDOUT_CLEAN_PROBES,
  THIRD_HOLDOUT_SECRET_PROBES,
} from '../packages/core/test/masking/probes/third-holdout-probes.js';
import { leftOver, scoreSanitizer } from '../packages/core/test/masking/probes/score.js';

const sanitizer = createSanitizer();
const compiled = compileRetryPolicy(policy as RetryPolicy);
const fixed = (n: number) => n.toFixed(3);

interface Labelled {
  readonly text: string;
  readonly transient: boolean;
}

function classifierScore(items: readonly Labelled[]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const item of items) {
    const got = classifyText(compiled, item.text).transient;
    if (got && item.transient) tp++;
    else if (got) fp++;
    else if (item.transient) fn++;
  }
  return { precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn), n: items.length };
}

const s = scoreSanitizer(
  (text) => sanitizer.sanitize(text),
  [...SECRET_PROBES, ...HOLDOUT_SECRET_PROBES, ...THIRD_HOLDOUT_SECRET_PROBES],
  [...CLEAN_PROBES, ...HOLDOUT_CLEAN_PROBES, ...THIRD_HOLDOUT_CLEAN_PROBES],
);
const masked = s.masked / s.secrets;
const changed = s.changed / s.clean;
console.log(
  `sanitiser probes: ${s.masked}/${s.secrets} secrets masked (${fixed(masked)}), ${s.changed}/${s.clean} clean lines changed (${fixed(changed)})`,
);
for (const name of [...s.leaks, ...s.falsePositives]) console.log(`  miss: ${name}`);

const c = classifierScore(
  [...FAILURE_PROBES, ...HOLDOUT_FAILURE_PROBES, ...THIRD_HOLDOUT_FAILURE_PROBES].map((p) => ({
    text: p.log,
    transient: p.label === 'transient',
  })),
);
console.log(`classifier probes: precision ${fixed(c.precision)}, recall ${fixed(c.recall)} over ${c.n} logs`);

const evals = join(import.meta.dirname, '..', '..', 'shared', 'evals');
const readJsonl = (file: string): Record<string, unknown>[] =>
  readFileSync(join(evals, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
if (existsSync(join(evals, 'secrets_dev.jsonl')) && existsSync(join(evals, 'failures_dev.jsonl'))) {
  const rows = readJsonl('secrets_dev.jsonl');
  const secretRows = rows.filter((r) => typeof r['secret'] === 'string');
  const leaks = secretRows.filter((r) => {
    const secrets = [r['secret'], ...((r['extra_secrets'] as unknown[] | undefined) ?? [])].filter(
      (x): x is string => typeof x === 'string',
    );
    const out = sanitizer.sanitize(String(r['text']));
    const keep = typeof r['public_prefix'] === 'string' ? r['public_prefix'] : undefined;
    return secrets.some(
      (secret) => leftOver({ name: '', text: '', secret, ...(keep ? { keep } : {}) } as SecretProbe, out) !== undefined,
    );
  }).length;
  const clean = rows.filter((r) => r['secret'] === null || r['secret'] === undefined);
  const cleanChanged = clean.filter((r) => sanitizer.sanitize(String(r['text'])) !== r['text']).length;
  console.log(
    `sanitiser dev set: ${secretRows.length - leaks}/${secretRows.length} masked, ${cleanChanged}/${clean.length} clean changed`,
  );
  const f = classifierScore(
    readJsonl('failures_dev.jsonl').map((r) => ({
      text: String(r['log_excerpt']),
      transient: r['label'] === 'transient',
    })),
  );
  console.log(`classifier dev set: precision ${fixed(f.precision)}, recall ${fixed(f.recall)} over ${f.n} logs`);
} else {
  console.log(`dev sets: not found at ${evals} (skipped)`);
}

const below = masked < 0.99 || changed > 0.01 || c.precision < 0.99 || c.recall < 0.95;
if (below) console.log('below target: masked ≥ 0.99, clean changed ≤ 0.01, precision ≥ 0.99, recall ≥ 0.95');
process.exit(below ? 1 : 0);
