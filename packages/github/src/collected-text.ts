/**
 * The one choke point for what people write and OpsGuard reads (issue 16): run titles and commit
 * messages, job and step names, check-run annotations. They pass the sanitiser as they arrive,
 * in the client, so no later step — an issue body, a Slack message, a job summary, stdout,
 * `--json`, a store row — can hold an unmasked secret from them. Identifiers, SHAs and URLs are
 * left as GitHub sent them: the engine works with those.
 */
type Sanitize = (text: string) => string;
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function clean(object: Json, fields: readonly string[], sanitize: Sanitize): Json {
  const out: Json = { ...object };
  for (const field of fields) {
    const value = out[field];
    if (typeof value === 'string') out[field] = sanitize(value);
  }
  return out;
}

function cleanRun(run: unknown, sanitize: Sanitize): unknown {
  if (!isObject(run)) return run;
  const out = clean(run, ['display_title', 'name'], sanitize);
  const commit = out['head_commit'];
  if (isObject(commit)) out['head_commit'] = clean(commit, ['message'], sanitize);
  return out;
}

function cleanJob(job: unknown, sanitize: Sanitize): unknown {
  if (!isObject(job)) return job;
  const out = clean(job, ['name', 'workflow_name'], sanitize);
  const steps = out['steps'];
  if (Array.isArray(steps)) out['steps'] = steps.map((s) => (isObject(s) ? clean(s, ['name'], sanitize) : s));
  return out;
}

const cleanAnnotation = (a: unknown, sanitize: Sanitize) =>
  isObject(a) ? clean(a, ['message', 'title', 'raw_details'], sanitize) : a;

/** The response body of a GET with its free text sanitised; other routes unchanged. */
export function sanitizeCollectedText(route: string, data: unknown, sanitize: Sanitize): unknown {
  const path = route.replace(/^GET /, '');
  if (/\/check-runs\/[^/]+\/annotations$/.test(path))
    return Array.isArray(data) ? data.map((a) => cleanAnnotation(a, sanitize)) : data;
  if (/\/actions\/(?:workflows\/[^/]+\/)?runs$/.test(path) && isObject(data)) {
    const runs = data['workflow_runs'];
    return Array.isArray(runs) ? { ...data, workflow_runs: runs.map((r) => cleanRun(r, sanitize)) } : data;
  }
  if (/\/actions\/runs\/[^/]+(?:\/attempts\/[^/]+)?$/.test(path)) return cleanRun(data, sanitize);
  if (/\/jobs$/.test(path) && isObject(data)) {
    const jobs = data['jobs'];
    return Array.isArray(jobs) ? { ...data, jobs: jobs.map((j) => cleanJob(j, sanitize)) } : data;
  }
  if (/\/actions\/jobs\/[^/]+$/.test(path)) return cleanJob(data, sanitize);
  return data;
}
