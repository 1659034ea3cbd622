/**
 * A third sanitiser probe set (2026-12-03), written from providers' documented token formats and
 * the places CI prints them, and scored before any rule was changed for it: its first score
 * estimates the sanitiser on text it has not seen. Same construction as secret-probes.ts (bodies
 * built at run time, deterministic). A provider's public prefix (`rk_live_`, `sk-ant-api03-`) may
 * stay visible, as the evaluation allows.
 */
import { ALNUM, HEX, UPPER_DIGITS, aRandom } from '../fake-secrets.js';
import type { CleanProbe, SecretProbe } from './secret-probes.js';

const B64 = `${ALNUM}+/`;
const B64URL = `${ALNUM}-_`;
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
let seed = 31337;
function rnd(length: number, alphabet = ALNUM): string {
  seed += 17;
  return aRandom(length, alphabet, seed * 6_151);
}
const uuid = () => `${rnd(8, HEX)}-${rnd(4, HEX)}-${rnd(4, HEX)}-${rnd(4, HEX)}-${rnd(12, HEX)}`;
const p = (name: string, build: (s: string) => string, secret: string, keep?: string): SecretProbe => ({
  name,
  text: build(secret),
  secret,
  ...(keep !== undefined ? { keep } : {}),
});
const b64 = (text: string) => Buffer.from(text).toString('base64');

export const THIRD_HOLDOUT_SECRET_PROBES: readonly SecretProbe[] = [
  // Provider tokens with a documented prefix, printed bare in a log line.
  p('gitlab deploy token', (s) => `Using deploy token ${s} for registry.gitlab.com`, `gldt-${rnd(20, B64URL)}`),
  p(
    'gitlab runner token',
    (s) => `gitlab-runner register --token ${s} --url https://gitlab.com`,
    `glrt-${rnd(20, B64URL)}`,
  ),
  p(
    'gitlab pipeline trigger',
    (s) => `curl -X POST -F token=${s} -F ref=main https://gitlab.com/api/v4/projects/1/trigger/pipeline`,
    `glptt-${rnd(40, HEX)}`,
  ),
  p(
    'slack app token',
    (s) => `SLACK_APP_TOKEN=${s}`,
    `xapp-1-A${rnd(10, UPPER_ALNUM)}-${rnd(13, '0123456789')}-${rnd(64, HEX)}`,
  ),
  p('stripe restricted key', (s) => `stripe.api_key = "${s}"`, `rk_live_${rnd(99)}`, 'rk_live_'),
  p('stripe webhook secret', (s) => `Signing secret: ${s}`, `whsec_${rnd(32)}`),
  p('sendgrid key', (s) => `Using SendGrid key ${s}`, `SG.${rnd(22, B64URL)}.${rnd(43, B64URL)}`),
  p('mailgun key', (s) => `api:${s}`, `key-${rnd(32, HEX)}`),
  p('pypi token', (s) => `twine upload -u __token__ -p ${s} dist/*`, `pypi-AgEIcHlwaS5vcmc${rnd(70, B64URL)}`),
  p(
    'docker hub pat',
    (s) => `echo ${s} | docker login -u acme --password-stdin`,
    `dckr_pat_${rnd(27, B64URL)}`,
    'dckr_pat_',
  ),
  p('shopify admin token', (s) => `X-Shopify-Access-Token: ${s}`, `shpat_${rnd(32, HEX)}`),
  p('atlassian api token', (s) => `JIRA_API_TOKEN=${s}`, `ATATT3xFfGF0${rnd(170, B64URL)}=${rnd(8, HEX)}`),
  p('anthropic key', (s) => `ANTHROPIC_API_KEY: ${s}`, `sk-ant-api03-${rnd(93, B64URL)}AA`, 'sk-ant-api03-'),
  p(
    'openai project key',
    (s) => `openai.api_key=${s}`,
    `sk-proj-${rnd(74, B64URL)}T3BlbkFJ${rnd(74, B64URL)}`,
    'sk-proj-',
  ),
  p('hugging face token', (s) => `huggingface-cli login --token ${s}`, `hf_${rnd(34)}`),
  p('digitalocean token', (s) => `doctl auth init -t ${s}`, `dop_v1_${rnd(64, HEX)}`),
  p('linear api key', (s) => `Authorization: ${s}`, `lin_api_${rnd(40)}`, 'lin_api_'),
  p('doppler service token', (s) => `DOPPLER_TOKEN=${s} doppler run -- npm start`, `dp.st.prd.${rnd(40)}`),
  p('postman api key', (s) => `x-api-key: ${s}`, `PMAK-${rnd(24, HEX)}-${rnd(34, HEX)}`),
  p('grafana service account', (s) => `GRAFANA_TOKEN=${s}`, `glsa_${rnd(32)}_${rnd(8, HEX)}`),
  p('new relic user key', (s) => `NEW_RELIC_API_KEY="${s}"`, `NRAK-${rnd(27, UPPER_ALNUM)}`),
  p('sentry org token', (s) => `sentry-cli --auth-token ${s} releases new 1.2.3`, `sntrys_${rnd(120, B64)}`),
  p('databricks token', (s) => `databricks configure --token ${s}`, `dapi${rnd(32, HEX)}`),
  p(
    'google api key',
    (s) => `GET https://maps.googleapis.com/maps/api/geocode/json?address=x&key=${s} 403`,
    `AIza${rnd(35, B64URL)}`,
  ),
  p('google oauth client secret', (s) => `"client_secret": "${s}"`, `GOCSPX-${rnd(28, B64URL)}`),
  p('google access token', (s) => `Authorization: Bearer ${s}`, `ya29.${rnd(150, B64URL)}`),
  p(
    'telegram bot token',
    (s) => `POST https://api.telegram.org/bot${s}/sendMessage`,
    `${rnd(10, '0123456789')}:AA${rnd(33, B64URL)}`,
  ),
  p(
    'discord webhook',
    (s) => `DISCORD_WEBHOOK=https://discord.com/api/webhooks/${rnd(19, '0123456789')}/${s}`,
    rnd(68, B64URL),
  ),
  p(
    'age secret key',
    (s) => `# created: 2026-12-03\n${s}`,
    `AGE-SECRET-KEY-1${rnd(58, 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L')}`,
    'AGE-SECRET-KEY-1',
  ),
  p('pulumi token', (s) => `PULUMI_ACCESS_TOKEN=${s}`, `pul-${rnd(40, HEX)}`),
  p(
    'terraform cloud token',
    (s) => `credentials "app.terraform.io" { token = "${s}" }`,
    `${rnd(14)}.atlasv1.${rnd(67)}`,
  ),
  p('supabase access token', (s) => `supabase login --token ${s}`, `sbp_${rnd(40, HEX)}`),
  p('notion integration', (s) => `NOTION_TOKEN=${s}`, `ntn_${rnd(46)}`),
  p('airtable pat', (s) => `Authorization: Bearer ${s}`, `pat${rnd(14)}.${rnd(64, HEX)}`),
  p('okta ssws', (s) => `Authorization: SSWS ${s}`, `00${rnd(40, B64URL)}`),
  p('planetscale password', (s) => `mysql -h aws.connect.psdb.cloud -u app -p${s}`, `pscale_pw_${rnd(43, B64URL)}`),
  p('buildkite token', (s) => `BUILDKITE_API_TOKEN=${s}`, `bkua_${rnd(40, HEX)}`),
  p('tailscale auth key', (s) => `tailscale up --authkey=${s}`, `tskey-auth-${rnd(17)}-${rnd(33)}`, 'tskey-auth-'),
  p('rubygems key', (s) => `GEM_HOST_API_KEY: ${s}`, `rubygems_${rnd(48, HEX)}`, 'rubygems_'),
  p(
    'nuget api key',
    (s) => `dotnet nuget push app.nupkg --api-key ${s} --source https://api.nuget.org/v3/index.json`,
    `oy2${rnd(43, LOWER_ALNUM)}`,
  ),
  p('jfrog api key', (s) => `X-JFrog-Art-Api: ${s}`, `AKCp${rnd(69)}`),
  p('sonarqube token', (s) => `mvn sonar:sonar -Dsonar.token=${s}`, `squ_${rnd(40, HEX)}`),
  p('sourcegraph token', (s) => `SRC_ACCESS_TOKEN=${s}`, `sgp_${rnd(16, HEX)}_${rnd(40, HEX)}`),
  p('langsmith key', (s) => `LANGCHAIN_API_KEY=${s}`, `lsv2_pt_${rnd(32, HEX)}_${rnd(10, HEX)}`),
  p('groq key', (s) => `GROQ_API_KEY="${s}"`, `gsk_${rnd(52)}`),
  p('replicate token', (s) => `REPLICATE_API_TOKEN=${s}`, `r8_${rnd(37)}`),
  p(
    'azure ad client secret',
    (s) => `az login --service-principal -u ${uuid()} -p ${s} --tenant ${uuid()}`,
    `${rnd(3)}8Q~${rnd(31, `${ALNUM}~._-`)}`,
  ),
  p('dynatrace token', (s) => `Api-Token ${s}`, `dt0c01.${rnd(24, UPPER_DIGITS)}.${rnd(64, UPPER_DIGITS)}`),
  p(
    'bitbucket app password',
    (s) => `git clone https://acme:${s}@bitbucket.org/acme/api.git`,
    `ATBB${rnd(32)}${rnd(8, HEX).toUpperCase()}`,
  ),
  p('square access token', (s) => `SQUARE_ACCESS_TOKEN=${s}`, `EAAA${rnd(60, B64URL)}`),
  p('shippo live token', (s) => `Authorization: ShippoToken ${s}`, `shippo_live_${rnd(40, HEX)}`, 'shippo_live_'),
  p('mapbox secret token', (s) => `MAPBOX_DOWNLOADS_TOKEN=${s}`, `sk.eyJ1Ijoi${rnd(60, B64URL)}.${rnd(22, B64URL)}`),

  // Connection strings and config files: the secret is the part after a key or in the userinfo.
  p(
    'azure storage connection string',
    (s) =>
      `AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=${s};EndpointSuffix=core.windows.net`,
    `${rnd(86, B64)}==`,
  ),
  p(
    'azure sas signature',
    (s) =>
      `Uploading to https://acme.blob.core.windows.net/builds/app.zip?sv=2022-11-02&ss=b&srt=o&sp=rw&se=2026-12-04T00:00:00Z&sig=${s}`,
    `${rnd(43, ALNUM)}%3D`,
  ),
  p(
    'mongodb srv url',
    (s) => `MONGO_URL=mongodb+srv://app:${s}@cluster0.ab1cd.mongodb.net/prod?retryWrites=true`,
    rnd(20),
  ),
  p('rediss url', (s) => `Connecting to rediss://default:${s}@eu1-ample-cat-31337.upstash.io:6379`, rnd(32)),
  p('amqps url', (s) => `CELERY_BROKER_URL=amqps://worker:${s}@rabbit.internal:5671/prod`, rnd(24)),
  p('cloudinary url', (s) => `CLOUDINARY_URL=cloudinary://${rnd(15, '0123456789')}:${s}@acme`, rnd(27, B64URL)),
  p('npmrc auth token', (s) => `//npm.pkg.github.com/:_authToken=${s}`, `ghp_${rnd(36)}`),
  p('docker config auth', (s) => `{"auths":{"ghcr.io":{"auth":"${s}"}}}`, b64(`acme:${rnd(24)}`)),
  p(
    'git x-access-token url',
    (s) => `git remote set-url origin https://x-access-token:${s}@github.com/acme/app.git`,
    `ghs_${rnd(36)}`,
  ),
  p(
    'kubeconfig client key',
    (s) => `    client-key-data: ${s}`,
    `LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo${rnd(120, B64)}`,
  ),
  p('k8s secret data', (s) => `data:\n  DB_PASSWORD: ${s}`, b64(rnd(24))),
  p(
    'pypirc password',
    (s) => `[pypi]\nusername = __token__\npassword = ${s}`,
    `pypi-AgEIcHlwaS5vcmc${rnd(60, B64URL)}`,
  ),
  p('smtp url', (s) => `MAIL_URL=smtps://postmaster%40mg.acme.io:${s}@smtp.mailgun.org:465`, rnd(32, HEX)),
  p(
    'gcp service account private key',
    (s) => `  "private_key": "-----BEGIN PRIVATE KEY-----\\n${s}\\n-----END PRIVATE KEY-----\\n",`,
    `MIIEvQIBADANBgkqhkiG9w0BAQEFAASC${rnd(64, B64)}`,
  ),
  p(
    'openssh private key',
    (s) => `-----BEGIN OPENSSH PRIVATE KEY-----\n${s}\n-----END OPENSSH PRIVATE KEY-----`,
    `b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ${rnd(30, B64)}`,
  ),
  p('basic auth header', (s) => `> Authorization: Basic ${s}`, b64(`deploy:${rnd(20)}`)),
  p('jenkins api token', (s) => `curl -u admin:${s} https://ci.acme.io/job/deploy/build`, `11${rnd(32, HEX)}`),
  p('wandb key', (s) => `wandb login ${s}`, rnd(40, HEX)),
  p('snyk token env', (s) => `SNYK_TOKEN: ${s}`, uuid()),
  p('codecov token', (s) => `codecov -t ${s}`, uuid()),
];

export const THIRD_HOLDOUT_CLEAN_PROBES: readonly CleanProbe[] = [
  {
    name: 'png data uri',
    text: `background: url(data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQ${rnd(80, B64)}=)`,
  },
  { name: 'ssh public key', text: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${rnd(43, B64)} deploy@acme` },
  {
    name: 'public key pem',
    text: `-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE${rnd(64, B64)}\n-----END PUBLIC KEY-----`,
  },
  { name: 'certificate pem header', text: '-----BEGIN CERTIFICATE-----' },
  { name: 'image digest', text: `ghcr.io/acme/api@sha256:${rnd(64, HEX)}` },
  {
    name: 'sri integrity',
    text: `<script src="/app.js" integrity="sha384-${rnd(64, B64)}" crossorigin="anonymous"></script>`,
  },
  { name: 'iam role arn', text: 'arn:aws:iam::123456789012:role/opsguard-deploy' },
  { name: 'secrets expression env', text: 'API_KEY: ${{ secrets.API_KEY }}' },
  { name: 'erb env secret', text: 'secret_key_base: <%= ENV["SECRET_KEY_BASE"] %>' },
  { name: 'password stdin', text: 'echo "$REGISTRY_TOKEN" | docker login ghcr.io -u acme --password-stdin' },
  { name: 'git user only url', text: 'git clone https://git@github.com/acme/app.git' },
  {
    name: 'gpg key imported',
    text: 'gpg: key 4AEE18F83AFDEB23: public key "GitHub (web-flow commit signing) <noreply@github.com>" imported',
  },
  { name: 'lfs oid', text: `oid sha256:${rnd(64, HEX)}\nsize 1048576` },
  { name: 'npm integrity', text: `"integrity": "sha512-${rnd(86, B64)}=="` },
  { name: 'bearer variable', text: 'curl -H "Authorization: Bearer ${TOKEN}" https://api.acme.io/v1/me' },
  { name: 'redacted password', text: 'password: [REDACTED]' },
  { name: 'token commit message', text: 'feat(auth): rotate the refresh token before it expires (#4821)' },
  {
    name: 'run url',
    text: `https://github.com/acme/app/actions/runs/${rnd(11, '0123456789')}/job/${rnd(11, '0123456789')}`,
  },
  { name: 'resource version', text: '"resourceVersion": "48213377", "uid": "' + uuid() + '"' },
  { name: 'pnpm lock integrity', text: `    resolution: {integrity: sha512-${rnd(86, B64)}==}` },
  {
    name: 'env var names',
    text: 'Set AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN in the job environment',
  },
  { name: 'git log line', text: `${rnd(7, HEX)} Merge pull request #812 from acme/token-refresh` },
  { name: 'checkout persist-credentials', text: 'persist-credentials: false' },
  { name: 'connection string without password', text: 'DATABASE_URL=postgres://localhost:5432/app_test' },
];
