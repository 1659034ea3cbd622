/**
 * A second probe set, written after the rules of the first were fixed and measured before any rule
 * was changed for it: its first score is the estimate of how the sanitiser does on text it has not
 * seen (see the closing note of issue 9). Same construction as secret-probes.ts.
 */
import { ALNUM, HEX, aRandom } from '../fake-secrets.js';
import type { CleanProbe, SecretProbe } from './secret-probes.js';

const B64 = `${ALNUM}+/`;
const B64URL = `${ALNUM}-_`;
let seed = 9001;
function rnd(length: number, alphabet = ALNUM): string {
  seed += 13;
  return aRandom(length, alphabet, seed * 7_919);
}
const uuid = () => `${rnd(8, HEX)}-${rnd(4, HEX)}-${rnd(4, HEX)}-${rnd(4, HEX)}-${rnd(12, HEX)}`;
const p = (name: string, build: (s: string) => string, secret: string, keep?: string): SecretProbe => ({
  name,
  text: build(secret),
  secret,
  ...(keep !== undefined ? { keep } : {}),
});

export const HOLDOUT_SECRET_PROBES: readonly SecretProbe[] = [
  p('heroku uuid key', (s) => `HEROKU_API_KEY: ${s}`, uuid()),
  p('cloudflare api token', (s) => `export CLOUDFLARE_API_TOKEN=${s}`, rnd(40, B64URL)),
  p('json password with symbols', (s) => `{"username":"svc","password":"${s}"}`, `${rnd(6)}$${rnd(4)}!${rnd(3)}`),
  p('helm --set password', (s) => `helm upgrade shop ./chart --set secrets.dbPassword=${s} --install`, rnd(24)),
  p(
    'az --account-key',
    (s) => `az storage blob upload --account-name acct --account-key ${s} -f a.zip`,
    `${rnd(86, B64)}==`,
  ),
  p('terraform -var password', (s) => `terraform apply -var "db_password=${s}" -auto-approve`, `${rnd(10)}!${rnd(4)}`),
  p(
    'gitlab oauth2 clone',
    (s) => `git clone https://oauth2:${s}@gitlab.com/acme/infra.git`,
    `glpat-${rnd(20, B64URL)}`,
  ),
  p(
    'vault token header',
    (s) => `curl -H "X-Vault-Token: ${s}" https://vault.internal/v1/secret/data/ci`,
    `hvs.${rnd(90, B64URL)}`,
    'hvs.',
  ),
  p('splunk hec header', (s) => `Authorization: Splunk ${s}`, uuid()),
  p('datadog header', (s) => `curl -H "DD-API-KEY: ${s}" https://api.datadoghq.com/api/v1/validate`, rnd(32, HEX)),
  p('pagerduty token token=', (s) => `Authorization: Token token=${s}`, rnd(20, B64URL)),
  p('circleci token header', (s) => `curl -H "Circle-Token: ${s}" https://circleci.com/api/v2/me`, rnd(40, HEX)),
  p('sts SecretAccessKey json', (s) => `        "SecretAccessKey": "${s}",`, rnd(40, B64)),
  p('sts SessionToken json', (s) => `        "SessionToken": "${s}",`, `IQoJb3JpZ2luX2Vj${rnd(200, B64)}`),
  p('firebase refresh token', (s) => `FIREBASE_TOKEN=${s}`, `1//0g${rnd(100, B64URL)}`),
  p('id_token', (s) => `id_token: ${s}`, `eyJ${rnd(30, B64URL)}.eyJ${rnd(80, B64URL)}.${rnd(43, B64URL)}`),
  p('npm_config__auth', (s) => `npm_config__auth=${s}`, Buffer.from(`ci:${rnd(20)}`).toString('base64')),
  p('docker run -e password', (s) => `docker run -e POSTGRES_PASSWORD=${s} -d postgres:16`, rnd(18)),
  p('openssl -pass pass:', (s) => `openssl enc -d -aes-256-cbc -in secrets.enc -out .env -pass pass:${s}`, rnd(32)),
  p('sshpass -p', (s) => `sshpass -p '${s}' ssh deploy@10.0.0.5`, `${rnd(8)}#${rnd(4)}`),
  p('curl --oauth2-bearer', (s) => `curl --oauth2-bearer ${s} https://api.example.com/v1/items`, rnd(48, B64URL)),
  p(
    'kubectl docker-password',
    (s) => `kubectl create secret docker-registry regcred --docker-username=ci --docker-password=${s}`,
    rnd(36),
  ),
  p(
    'stripe cli --api-key',
    (s) => `stripe listen --api-key ${s} --forward-to localhost:3000`,
    `sk_test_${rnd(99)}`,
    'sk_test_',
  ),
  p('query apiKey', (s) => `GET https://maps.example.com/geocode?address=Tokyo&apiKey=${s} 200`, rnd(39, B64URL)),
  p(
    'query client_secret',
    (s) => `POST https://login.example.com/oauth/token?grant_type=client_credentials&client_id=ci&client_secret=${s}`,
    rnd(40, B64URL),
  ),
  p(
    'presigned security token',
    (s) => `https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Security-Token=${s}&X-Amz-Expires=300`,
    `IQoJb3JpZ2luX2Vj${rnd(120, B64URL)}`,
  ),
  p(
    'actions runtime token',
    (s) => `ACTIONS_RUNTIME_TOKEN=${s}`,
    `eyJ${rnd(30, B64URL)}.eyJ${rnd(200, B64URL)}.${rnd(86, B64URL)}`,
  ),
  p('debug secret evaluation', (s) => `##[debug]..Evaluating secrets: 'NPM_TOKEN' => '${s}'`, `npm_${rnd(36)}`, 'npm_'),
  p(
    'installation token in git config',
    (s) => `git config --global url."https://x-access-token:${s}@github.com/".insteadOf "https://github.com/"`,
    `ghs_${rnd(7, '0123456789')}_eyJ${rnd(30, B64URL)}.eyJ${rnd(200, B64URL)}.${rnd(250, B64URL)}`,
    'ghs_',
  ),
  p(
    'installation token yaml quoted',
    (s) => `    password: '${s}'`,
    `ghs_${rnd(7, '0123456789')}_eyJ${rnd(30, B64URL)}.eyJ${rnd(200, B64URL)}.${rnd(250, B64URL)}`,
    'ghs_',
  ),
  p(
    'mongodb password encoded',
    (s) => `MONGO_URL=mongodb://app:${s}@mongo-0.mongo:27017/shop?authSource=admin`,
    `${rnd(10)}%21${rnd(6)}`,
  ),
  p('rsync password', (s) => `RSYNC_PASSWORD=${s} rsync -av dist/ rsync://deploy@host/www`, rnd(20)),
  p(
    'wget http-password',
    (s) => `wget --http-user=ci --http-password=${s} https://nexus.internal/repo/app.jar`,
    rnd(16),
  ),
  p('gpg passphrase flag', (s) => `gpg --batch --passphrase ${s} --decrypt secrets.tar.gpg`, rnd(28)),
  p('twine -p', (s) => `twine upload -u __token__ -p ${s} dist/*`, `pypi-AgEIcHlwaS5vcmc${rnd(80, B64URL)}`, 'pypi-'),
];

export const HOLDOUT_CLEAN_PROBES: readonly CleanProbe[] = [
  { name: 'token_type', text: '"token_type": "bearer", "expires_in": 3600' },
  { name: 'masked bearer', text: 'Authorization: Bearer ***' },
  {
    name: 'bearer realm',
    text: 'www-authenticate: Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:acme/api:pull"',
  },
  { name: 'token from variable flag', text: 'gh api --token "$GITHUB_TOKEN" repos/acme/web' },
  { name: 'cache key expression', text: "key: ${{ runner.os }}-node-${{ hashFiles('**/package-lock.json') }}" },
  { name: 'cache hit', text: `Cache hit for: node-cache-Linux-x64-npm-${rnd(64, HEX)}` },
  { name: 'api-version query', text: 'GET https://management.azure.com/subscriptions?api-version=2022-12-01 200' },
  { name: 'keyring installed', text: 'Found existing installation: keyring 25.5.0' },
  { name: 'tokenizers installed', text: 'Successfully installed tokenizers-0.20.3 safetensors-0.4.5' },
  { name: 'x-github-api-version', text: 'X-GitHub-Api-Version: 2022-11-28' },
  { name: 'secrets public key id', text: `{"key_id":"${rnd(19, '0123456789')}","key":"${rnd(43, B64)}="}` },
  { name: 'sigstore keyid', text: `"keyid": "SHA256:${rnd(43, B64)}"` },
  { name: 'public key json', text: `"publicKey": "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE${rnd(60, B64)}"` },
  { name: 'password input masked', text: 'password: ${{ secrets.REGISTRY_PASSWORD }}' },
  { name: 'uuid request id header', text: `x-ms-request-id: ${uuid()}` },
  { name: 'x-request-id', text: `x-request-id: ${rnd(32, HEX)}` },
  { name: 'cf-ray', text: `cf-ray: ${rnd(16, HEX)}-NRT` },
  { name: 'x-amz-request-id', text: `x-amz-request-id: ${rnd(16, HEX).toUpperCase()}` },
  { name: 'git tree sha', text: `tree ${rnd(40, HEX)}\nparent ${rnd(40, HEX)}` },
  { name: 'go.sum line', text: `github.com/google/uuid v1.6.0 h1:${rnd(43, B64)}=` },
  {
    name: 'yarn.lock resolution',
    text: `  resolved "https://registry.yarnpkg.com/react/-/react-18.3.1.tgz#${rnd(40, HEX)}"`,
  },
  { name: 'cargo checksum', text: `checksum = "${rnd(64, HEX)}"` },
  { name: 'nuget package hash', text: `"contentHash": "${rnd(86, B64)}=="` },
  { name: 'docker layer', text: `${rnd(12, HEX)}: Pull complete` },
  { name: 'session id number', text: 'session id: 4821, attempt 2' },
  { name: 'build key', text: `BUILD_KEY=release-2026.12.03-${rnd(7, HEX)}` },
  { name: 'graphql cursor', text: `"endCursor": "Y3Vyc29yOnYyOpK5MjAyNi0xMi0wMVQwMDowMDowMCswOTowMM4${rnd(8)}"` },
  { name: 'graphql node id label', text: `"id": "LA_kwDO${rnd(6)}M8${rnd(10)}"` },
  { name: 'test named password', text: '  ✓ rejects a password shorter than 12 characters (3 ms)' },
  { name: 'secret scanning note', text: 'Secret scanning found 0 new alerts in this push' },
];
