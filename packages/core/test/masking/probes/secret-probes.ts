/**
 * A probe set for the sanitiser, written by hand from formats the providers document and from
 * public rule sets (gitleaks' default rules, secretlint's recommended preset, GitHub's
 * secret-scanning pattern list) — not from the development set. Each probe is one line (or a few)
 * as a real tool prints it. Secret bodies are built at run time (no secret-shaped literal sits in
 * the repository) and are deterministic.
 */
import { ALNUM, HEX, aRandom } from '../fake-secrets.js';

export interface SecretProbe {
  readonly name: string;
  readonly text: string;
  /** Must disappear: no run of 8 of its characters may stay (after `keep`). */
  readonly secret: string;
  /** A public prefix that may stay visible (`ghs_`). */
  readonly keep?: string;
}

export interface CleanProbe {
  readonly name: string;
  /** Must come out unchanged. */
  readonly text: string;
}

const B64URL = `${ALNUM}-_`;
const B64 = `${ALNUM}+/`;
const DIGITS = '0123456789';
const b64url = (s: string) => Buffer.from(s).toString('base64url');

let seed = 1;
/** A fresh deterministic random string per call. */
function rnd(length: number, alphabet = ALNUM): string {
  seed += 7;
  return aRandom(length, alphabet, seed * 104_729);
}

/** A JWT of about `size` characters: header.payload.signature in base64url. */
function jwt(size = 400): string {
  const header = b64url('{"alg":"RS256","typ":"JWT","kid":"' + rnd(8, HEX) + '"}');
  const payload = b64url(
    `{"iss":"${rnd(6, DIGITS)}","iat":1764${rnd(6, DIGITS)},"exp":1764${rnd(6, DIGITS)},"jti":"${rnd(24)}"}`,
  );
  const signature = rnd(Math.max(43, size - header.length - payload.length - 2), B64URL);
  return `${header}.${payload}.${signature}`;
}

/** The 2026 installation-token format: `ghs_<app id>_<JWT>` (~520 characters). */
function installationToken(): { token: string; body: string } {
  const body = `${rnd(7, DIGITS)}_${jwt(505)}`;
  return { token: `ghs_${body}`, body };
}

function probe(name: string, build: (s: string) => string, secret: string, keep?: string): SecretProbe {
  return { name, text: build(secret), secret, ...(keep !== undefined ? { keep } : {}) };
}

/** Installation tokens in every context a token appears in. */
function installationTokenProbes(): SecretProbe[] {
  const contexts: [string, (t: string) => string][] = [
    ['env assignment', (t) => `GITHUB_TOKEN=${t}`],
    ['export', (t) => `export GH_TOKEN="${t}"`],
    ['yaml key', (t) => `  token: ${t}`],
    ['authorization token', (t) => `Authorization: token ${t}`],
    [
      'authorization bearer',
      (t) => `curl -H "Authorization: Bearer ${t}" https://api.github.com/installation/repositories`,
    ],
    ['x-access-token url', (t) => `git remote set-url origin https://x-access-token:${t}@github.com/acme/webshop.git`],
    ['json body', (t) => `{"token":"${t}","expires_at":"2026-12-03T06:00:00Z","permissions":{"contents":"read"}}`],
    ['bare in a message', (t) => `Using installation token ${t} for acme/webshop`],
    ['query parameter', (t) => `GET https://api.github.com/repos/acme/webshop?access_token=${t} 401`],
    [
      'git extraheader',
      (t) =>
        `git -c http.extraheader="AUTHORIZATION: basic ${Buffer.from(`x-access-token:${t}`).toString('base64')}" fetch`,
    ],
    ['gh auth login', (t) => `echo ${t} | gh auth login --with-token`],
    ['debug dump', (t) => `##[debug]Evaluating: secrets.GITHUB_TOKEN => '${t}'`],
  ];
  return contexts.map(([context, build]) => {
    const { token, body } = installationToken();
    const secret = context === 'git extraheader' ? Buffer.from(`x-access-token:${token}`).toString('base64') : body;
    return {
      name: `installation token: ${context}`,
      text: build(token),
      secret: context === 'git extraheader' ? secret : body,
      keep: 'ghs_',
    };
  });
}

/** Flags and arguments whose name says token/key/secret/password/auth, as CLIs take them. */
function flagProbes(): SecretProbe[] {
  return [
    probe('--github-token flag', (s) => `semantic-release --github-token ${s} --dry-run`, rnd(40)),
    probe('--npm-auth-token= flag', (s) => `npx publish-tool --npm-auth-token=${s}`, rnd(36)),
    probe(
      '--registry-password flag',
      (s) => `helm registry login ghcr.io --username bot --registry-password ${s}`,
      rnd(24),
    ),
    probe('--auth flag', (s) => `netlify deploy --prod --auth ${s} --site 3f1c`, rnd(43, B64URL)),
    probe('--vault-token flag', (s) => `terraform apply -var vault_addr=https://v --vault-token=${s}`, rnd(28)),
    probe(
      '-t short flag of codecov',
      (s) => `./codecov -t ${s} -f coverage.xml`,
      `${rnd(8, HEX)}-${rnd(4, HEX)}-${rnd(4, HEX)}-${rnd(4, HEX)}-${rnd(12, HEX)}`,
    ),
    probe(
      'PowerShell -ApiKey',
      (s) => `dotnet nuget push pkg.nupkg -ApiKey ${s} -Source https://api.nuget.org/v3/index.json`,
      `oy2${rnd(43, 'abcdefghijklmnopqrstuvwxyz234567')}`,
    ),
    probe(
      'nuget --api-key',
      (s) => `dotnet nuget push out/*.nupkg --api-key ${s} --source nuget.org`,
      `oy2${rnd(43, 'abcdefghijklmnopqrstuvwxyz234567')}`,
    ),
    probe('gh secret set --body', (s) => `gh secret set DEPLOY_KEY --body "${s}" --repo acme/webshop`, rnd(32)),
    probe('yarn config set npmAuthToken', (s) => `yarn config set npmAuthToken ${s}`, rnd(36)),
    probe('poetry config pypi-token', (s) => `poetry config pypi-token.pypi ${s}`, `pypi-${rnd(80, B64URL)}`, 'pypi-'),
    probe('npm config set _authToken', (s) => `npm config set //npm.pkg.github.com/:_authToken=${s}`, rnd(40)),
    probe('kubectl --token=', (s) => `kubectl --server=https://k8s.internal --token=${s} get pods`, jwt(300)),
    probe('docker login -p', (s) => `docker login registry.example.com -u ci -p ${s}`, rnd(32)),
    probe('cargo login positional', (s) => `cargo login ${s}`, `cio${rnd(32)}`),
    probe('vault login positional', (s) => `vault login -method=token ${s}`, `s.${rnd(24)}`),
    probe(
      'snyk auth positional',
      (s) => `snyk auth ${s}`,
      `${rnd(8, HEX)}-${rnd(4, HEX)}-${rnd(4, HEX)}-${rnd(4, HEX)}-${rnd(12, HEX)}`,
    ),
    probe('heroku config:set', (s) => `heroku config:set STRIPE_SECRET=${s} -a shop`, rnd(40)),
    probe('firebase functions:config:set', (s) => `firebase functions:config:set slack.webhook_secret="${s}"`, rnd(32)),
    probe('sentry-cli --auth-token', (s) => `sentry-cli --auth-token ${s} releases new 1.2.3`, rnd(64, HEX)),
    probe(
      'ConvertTo-SecureString',
      (s) => `$pw = ConvertTo-SecureString "${s}" -AsPlainText -Force`,
      `${rnd(10)}!${rnd(6)}`,
    ),
    probe('mysql --password=', (s) => `mysql -h db -u app --password=${s} shop < dump.sql`, `${rnd(6)}#${rnd(6)}`),
    probe('password with ; in quotes', (s) => `PGPASSWORD='${s}' psql -h db -U app`, `${rnd(5)};${rnd(5)}&${rnd(4)}`),
    probe('password with & in double quotes', (s) => `DB_PASSWORD="${s}"`, `${rnd(6)}&${rnd(6)}`),
  ];
}

/** Tokens in URL paths of well-known APIs. */
function pathProbes(): SecretProbe[] {
  return [
    probe(
      'telegram bot path',
      (s) => `POST https://api.telegram.org/bot${s}/sendMessage 200`,
      `${rnd(10, DIGITS)}:AA${rnd(33, B64URL)}`,
    ),
    probe(
      'telegram file path',
      (s) => `GET https://api.telegram.org/file/bot${s}/photos/file_1.jpg`,
      `${rnd(9, DIGITS)}:AA${rnd(33, B64URL)}`,
    ),
    probe(
      'zapier catch hook',
      (s) => `curl -X POST https://hooks.zapier.com/hooks/catch/${rnd(7, DIGITS)}/${s}/`,
      rnd(7, 'abcdefghijklmnopqrstuvwxyz0123456789'),
    ),
    probe('ifttt maker key', (s) => `https://maker.ifttt.com/trigger/deploy_done/with/key/${s}`, rnd(22, B64URL)),
    probe(
      'google chat webhook',
      (s) => `https://chat.googleapis.com/v1/spaces/AAAA${rnd(7)}/messages?key=AIza${rnd(35, B64URL)}&token=${s}`,
      rnd(43, B64URL),
    ),
    probe(
      'gitlab trigger token in query',
      (s) => `curl -X POST "https://gitlab.com/api/v4/projects/42/trigger/pipeline?token=${s}&ref=main"`,
      `glptt-${rnd(40, HEX)}`,
    ),
    probe(
      'datadog api key in path query',
      (s) => `POST https://http-intake.logs.datadoghq.com/api/v2/logs?dd-api-key=${s}`,
      rnd(32, HEX),
    ),
    probe(
      'slack workflow trigger',
      (s) => `https://hooks.slack.com/triggers/T${rnd(8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}/${s}`,
      `${rnd(13, DIGITS)}/${rnd(32, HEX)}`,
    ),
    probe(
      'discord webhook (discordapp)',
      (s) => `https://discordapp.com/api/webhooks/${rnd(18, DIGITS)}/${s}`,
      rnd(68, B64URL),
    ),
    probe(
      'pagerduty-like token path segment',
      (s) => `GET https://events.example.io/integration/token/${s}/enqueue`,
      rnd(32),
    ),
    probe('api key path segment', (s) => `GET https://api.example.com/v1/apikey/${s}/status`, rnd(40)),
  ];
}

/** Secrets passed positionally to SDK constructors next to an id. */
function positionalProbes(): SecretProbe[] {
  return [
    probe('twilio client', (s) => `const client = twilio('AC${rnd(32, HEX)}', '${s}');`, rnd(32, HEX)),
    probe('twilio python', (s) => `client = Client("AC${rnd(32, HEX)}", "${s}")`, rnd(32, HEX)),
    probe(
      'algolia client',
      (s) => `const client = algoliasearch('${rnd(10, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}', '${s}');`,
      rnd(32, HEX),
    ),
    probe('pusher positional', (s) => `new Pusher("${rnd(7, DIGITS)}", "${rnd(20, HEX)}", "${s}")`, rnd(20, HEX)),
    probe(
      'oauth client positional',
      (s) =>
        `OAuth2Client('${rnd(12, DIGITS)}-${rnd(32, 'abcdefghijklmnopqrstuvwxyz0123456789')}.apps.googleusercontent.com', '${s}')`,
      `GOCSPX-${rnd(28, B64URL)}`,
    ),
    probe(
      'boto3 positional keys',
      (s) =>
        `boto3.client("s3", "us-east-1", None, False, None, None, "AKIA${rnd(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}", "${s}")`,
      rnd(40, B64),
    ),
  ];
}

/** Key-id fields of cloud service-account JSON and similar. */
function keyIdProbes(): SecretProbe[] {
  return [
    probe('gcp private_key_id', (s) => `  "private_key_id": "${s}",`, rnd(40, HEX)),
    probe(
      'gcp private_key_id one line',
      (s) =>
        `{"type":"service_account","project_id":"shop-prod","private_key_id":"${s}","client_email":"ci@shop-prod.iam.gserviceaccount.com"}`,
      rnd(40, HEX),
    ),
    probe('private_key_id yaml', (s) => `private_key_id: ${s}`, rnd(40, HEX)),
    probe(
      'azure clientSecret json',
      (s) =>
        `{"clientId":"${rnd(8, HEX)}-${rnd(4, HEX)}-${rnd(4, HEX)}-${rnd(4, HEX)}-${rnd(12, HEX)}","clientSecret":"${s}"}`,
      `${rnd(3)}8Q~${rnd(31, `${ALNUM}_~.`)}`,
    ),
    probe('key_content assignment', (s) => `key_content = "${s}"`, rnd(64, B64)),
  ];
}

/** Other formats from the public rule sets, in contexts a CI log shows them. */
function formatProbes(): SecretProbe[] {
  return [
    probe('github fine-grained pat', (s) => `GH_PAT=github_pat_${s}`, `${rnd(22)}_${rnd(59)}`, 'github_pat_'),
    probe('github refresh token', (s) => `refresh_token=ghr_${s}`, rnd(76), 'ghr_'),
    probe('gitlab runner token', (s) => `--token glrt-${s}`, rnd(20, B64URL), 'glrt-'),
    probe(
      'slack app-level token',
      (s) => `SLACK_APP_TOKEN=xapp-1-${s}`,
      `A${rnd(10, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}-${rnd(13, DIGITS)}-${rnd(64, HEX)}`,
      'xapp-',
    ),
    probe(
      'stripe restricted key',
      (s) => `Stripe::StripeError: Invalid API Key provided: rk_live_${s}`,
      rnd(99),
      'rk_live_',
    ),
    probe('aws session token', (s) => `AWS_SESSION_TOKEN=${s}`, `IQoJb3JpZ2luX2Vj${rnd(300, B64)}`),
    probe('azure devops pat', (s) => `AZURE_DEVOPS_EXT_PAT=${s}`, rnd(52, 'abcdefghijklmnopqrstuvwxyz234567')),
    probe(
      'azure storage sas',
      (s) => `https://acct.blob.core.windows.net/c/f.zip?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-12-31&sig=${s}`,
      `${rnd(40, B64)}%3D`,
    ),
    probe('shopify shared secret', (s) => `SHOPIFY_API_SECRET=shpss_${s}`, rnd(32, HEX)),
    probe('new relic license key', (s) => `NEW_RELIC_LICENSE_KEY=${s}NRAL`, rnd(36, HEX)),
    probe('databricks token', (s) => `DATABRICKS_TOKEN=dapi${s}`, rnd(32, HEX)),
    probe('postgres url with special password', (s) => `postgresql://app:${s}@db:5432/shop`, `${rnd(8)}%40${rnd(6)}`),
    probe('redis url password only', (s) => `REDIS_URL=redis://:${s}@cache:6379/0`, rnd(32)),
    probe('amqp url', (s) => `Connecting to amqps://svc:${s}@mq.internal/vhost`, rnd(24)),
    probe(
      'basic auth header decoded',
      (s) => `Authorization: Basic ${s}`,
      Buffer.from(`ci:${rnd(20)}`).toString('base64'),
    ),
    probe(
      'private-token header',
      (s) => `curl --header "PRIVATE-TOKEN: ${s}" https://gitlab.example.com/api/v4/projects`,
      `glpat-${rnd(20, B64URL)}`,
    ),
    probe('x-api-key header json', (s) => `{"headers":{"x-api-key":"${s}","accept":"application/json"}}`, rnd(40)),
    probe('sendgrid key in env', (s) => `SENDGRID_API_KEY=SG.${s}`, `${rnd(22, B64URL)}.${rnd(43, B64URL)}`),
    probe('age secret key', (s) => `AGE-SECRET-KEY-1${s}`, rnd(58, 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L')),
    probe('jwt after underscore', (s) => `session_${s}`, jwt(200)),
    probe('openai key in json', (s) => `{"api_key": "${s}"}`, `sk-proj-${rnd(120, B64URL)}`, 'sk-proj-'),
  ];
}

export const SECRET_PROBES: readonly SecretProbe[] = [
  ...installationTokenProbes(),
  ...flagProbes(),
  ...pathProbes(),
  ...positionalProbes(),
  ...keyIdProbes(),
  ...formatProbes(),
];

/** Lines that must stay as they are: identifiers, hashes and cache keys by their context. */
export const CLEAN_PROBES: readonly CleanProbe[] = [
  { name: 'x-cache-key header', text: `< x-cache-key: ${rnd(40)}` },
  { name: 'cache key header (actions/cache)', text: `Cache-Key: node-cache-Linux-x64-npm-${rnd(64, HEX)}` },
  { name: 'x-amz-cf-id', text: `x-amz-cf-id: ${rnd(56, B64URL)}==` },
  { name: 'x-amz-id-2', text: `x-amz-id-2: ${rnd(76, B64)}=` },
  {
    name: 'x-github-request-id',
    text: `x-github-request-id: ${rnd(4, HEX).toUpperCase()}:${rnd(6, HEX).toUpperCase()}:${rnd(7, HEX).toUpperCase()}:${rnd(7, HEX).toUpperCase()}:${rnd(8, HEX).toUpperCase()}`,
  },
  { name: 'etag', text: `etag: W/"${rnd(64, HEX)}"` },
  { name: 'x-api-version header', text: 'x-github-api-version-selected: 2022-11-28' },
  { name: 'x-goog-api-client', text: 'x-goog-api-client: gl-node/24.11.0 gccl/7.14.0 gdcl/8.0.1' },
  {
    name: 'x-key-id header',
    text: `x-amz-server-side-encryption-aws-kms-key-id: ${rnd(8, HEX)}-${rnd(4, HEX)}-${rnd(4, HEX)}-${rnd(4, HEX)}-${rnd(12, HEX)}`,
  },
  {
    name: 'cache restored from key',
    text: `Cache restored from key: setup-go-Linux-x64-ubuntu24-go-1.23.4-${rnd(64, HEX)}`,
  },
  { name: 'graphql node id PR', text: `{"id":"PR_kwDO${rnd(6)}M5${rnd(8)}","number":1287}` },
  { name: 'graphql node id project item', text: `Added item PVTI_lADO${rnd(10)}zgB${rnd(9)} to the board` },
  {
    name: 'graphql node id review thread',
    text: `resolveReviewThread(input: {threadId: "PRRT_kwDO${rnd(6)}M5${rnd(10)}"})`,
  },
  { name: 'graphql node id legacy', text: `"node_id": "MDEwOlJlcG9zaXRvcnkx${rnd(8, DIGITS)}"` },
  { name: 'graphql node id issue', text: `node_id: I_kwDO${rnd(8)}M5${rnd(7)}` },
  { name: 'workflow run node id', text: `"node_id":"WFR_kwLO${rnd(6)}M8${rnd(9)}"` },
  { name: 'stripe publishable key', text: `NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY=pk_live_${rnd(99)}` },
  { name: 'stripe publishable key test', text: `publishableKey: 'pk_test_${rnd(99)}'` },
  { name: 'mapbox public token', text: `MAPBOX_PUBLIC_TOKEN=pk.eyJ1Ijoi${rnd(20)}.${rnd(22, B64URL)}` },
  { name: 'supabase publishable key', text: `SUPABASE_PUBLISHABLE_KEY=sb_publishable_${rnd(31, B64URL)}` },
  {
    name: 'clerk publishable key',
    text: `VITE_CLERK_PUBLISHABLE_KEY=pk_test_${b64url(`${rnd(12).toLowerCase()}.clerk.accounts.dev$`)}`,
  },
  { name: 'posthog project key', text: `posthog.init('phc_${rnd(43)}', { api_host: 'https://eu.i.posthog.com' })` },
  { name: 'sha256 of a file', text: `sha256:${rnd(64, HEX)}  dist/app.tar.gz` },
  { name: 'docker image digest', text: `ghcr.io/acme/api@sha256:${rnd(64, HEX)}` },
  { name: 'git commit', text: `HEAD is now at ${rnd(40, HEX)} Merge pull request #1287 from acme/fix` },
  { name: 'npm integrity', text: `"integrity": "sha512-${rnd(86, B64)}=="` },
  { name: 'token file flag', text: '--token-file /var/run/secrets/kubernetes.io/serviceaccount/token' },
  { name: 'key file flag', text: 'gcloud auth activate-service-account --key-file=/tmp/sa.json' },
  { name: 'token from env flag', text: 'gh release create v1.2.3 --notes-file CHANGELOG.md' },
  { name: 'masked value', text: 'GITHUB_TOKEN: ***' },
  { name: 'secret reference', text: 'token: ${{ secrets.GITHUB_TOKEN }}' },
  { name: 'password prompt', text: 'Password: (input hidden)' },
  { name: 'key id as identifier in logs', text: `Using signing key id ${rnd(16, HEX).toUpperCase()}` },
  {
    name: 'idempotency key header',
    text: `Idempotency-Key: ${rnd(8, HEX)}-${rnd(4, HEX)}-${rnd(4, HEX)}-${rnd(4, HEX)}-${rnd(12, HEX)}`,
  },
  { name: 'uuid run id', text: `run_id=${rnd(8, HEX)}-${rnd(4, HEX)}-${rnd(4, HEX)}-${rnd(4, HEX)}-${rnd(12, HEX)}` },
  {
    name: 'sourcemap debug id',
    text: `//# debugId=${rnd(8, HEX)}-${rnd(4, HEX)}-${rnd(4, HEX)}-${rnd(4, HEX)}-${rnd(12, HEX)}`,
  },
  { name: 'webpack chunk hash', text: `asset main.${rnd(20, HEX)}.js 245 KiB [emitted] [immutable] (name: main)` },
  { name: 'token count', text: 'tokens: 18234 prompt, 912 completion' },
  { name: 'auth step name', text: 'Run google-github-actions/auth@v2' },
  { name: 'tokenizer message', text: 'Tokenizer loaded from cache: tokenizer.json (vocab 50257)' },
  { name: 'ssh public key', text: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${rnd(43, B64)} ci@runner` },
  { name: 'test name with secret word', text: 'PASS src/auth/token-refresh.test.ts (4.2 s)' },
  { name: 'pnpm store path', text: `Content-addressable store is at: /home/runner/.local/share/pnpm/store/v10` },
  { name: 'terraform resource id', text: `aws_iam_access_key.ci: Creation complete after 1s [id=AKIA...redacted]` },
];
