import { describe, expect, it } from '@jest/globals';
import { createSanitizer } from '../../src/masking/index.js';
import { ALNUM, HEX, UPPER_DIGITS, aRandom } from './fake-secrets.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const r = aRandom;

/** [kind, line, the secret that must disappear, text that must stay] */
const MASKED: readonly (readonly [string, string, string, string])[] = [
  ['github-token', `git clone https://x-access-token:ghp_${r(36)}@github.com/o/r.git`, r(36), 'ghp_***'],
  ['github-token', `GH_TOKEN=gho_${r(36, ALNUM, 3)}`, r(36, ALNUM, 3), 'gho_***'],
  ['github-token', `token: ghs_${r(36, ALNUM, 4)}`, r(36, ALNUM, 4), 'ghs_'],
  ['github-token', `echo github_pat_${r(22)}_${r(59)} | gh auth login --with-token`, r(59), 'github_pat_***'],
  ['gitlab-token', `glpat-${r(20, ALNUM, 9)}`, r(20, ALNUM, 9), 'glpat-***'],
  ['slack-token', `token=xoxb-${r(11, '0123456789')}-${r(13, '0123456789')}-${r(24)}`, r(24), 'xoxb-***'],
  [
    'slack-webhook',
    `POST https://hooks.slack.com/services/T${r(8, UPPER_DIGITS)}/B${r(8, UPPER_DIGITS)}/${r(24)}`,
    r(24),
    'hooks.slack.com/services/***',
  ],
  ['discord-webhook', `https://discord.com/api/webhooks/${r(18, '0123456789')}/${r(68)}`, r(68), 'api/webhooks/***'],
  ['aws-access-key-id', `aws_access_key_id = AKIA${r(16, UPPER_DIGITS)}`, r(16, UPPER_DIGITS), 'AKIA***'],
  [
    'aws-secret-access-key',
    `aws_secret_access_key = ${r(40, ALNUM + '/+')}`,
    r(40, ALNUM + '/+'),
    'aws_secret_access_key = ***',
  ],
  ['gcp-api-key', `apiKey: "AIza${r(35)}"`, r(35), 'AIza***'],
  [
    'private-key',
    `{"private_key": "-----BEGIN PRIVATE KEY-----\\n${r(64)}\\n-----END PRIVATE KEY-----\\n"}`,
    r(64),
    '-----BEGIN PRIVATE KEY-----***',
  ],
  [
    'azure-connection-string',
    `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${r(86)}==;EndpointSuffix=core.windows.net`,
    r(86),
    'AccountKey=***',
  ],
  ['stripe-secret-key', `Invalid API Key provided: sk_live_${r(24)}`, r(24), 'sk_live_***'],
  ['twilio-api-key', `TWILIO_API_KEY: SK${r(32, HEX)}`, r(32, HEX), 'SK***'],
  ['sendgrid-api-key', `SG.${r(22)}.${r(43)}`, r(43), 'SG.***'],
  ['mailgun-api-key', `MAILGUN_API_KEY=key-${r(32, HEX)}`, r(32, HEX), 'key-***'],
  ['npm-token', `//registry.npmjs.org/:_authToken=npm_${r(36)}`, r(36), 'npm_***'],
  ['pypi-token', `password: pypi-AgEIcHlwaS5vcmc${r(70)}`, r(70), 'pypi-***'],
  ['shopify-token', `{"accessToken": "shpat_${r(32, HEX)}"}`, r(32, HEX), 'shpat_***'],
  ['openai-api-key', `OPENAI_API_KEY=sk-proj-${r(48)}`, r(48), 'sk-proj-***'],
  ['anthropic-api-key', `x-api-key: sk-ant-api03-${r(93)}AA`, r(93), 'sk-ant-api03-***'],
  ['hashicorp-vault-token', `vault login hvs.${r(90)}`, r(90), 'hvs.***'],
  ['doppler-token', `DOPPLER_TOKEN=dp.st.${r(43)}`, r(43), 'dp.st.***'],
  ['datadog', `DD_API_KEY=${r(32, HEX)}`, r(32, HEX), 'DD_API_KEY=***'],
  ['heroku-api-key', `HEROKU_API_KEY=HRKU-${r(60)}`, r(60), 'HRKU-***'],
  ['jwt', `Authorization: Bearer eyJ${r(30)}.eyJ${r(60)}.${r(43)}`, r(60), 'Authorization: Bearer ***'],
  [
    'url-credentials',
    `DATABASE_URL=postgres://app:${r(20)}@db.internal:5432/app`,
    r(20),
    'postgres://app:***@db.internal',
  ],
  [
    'authorization-header',
    `-H 'Authorization: Basic ${b64(`ci:${r(16)}`)}'`,
    b64(`ci:${r(16)}`),
    'Authorization: Basic ***',
  ],
  ['authorization-header', `Authorization: token ${r(40, HEX)}`, r(40, HEX), 'Authorization: token ***'],
  ['docker-config-auth', `      "auth": "${b64(`bot:${r(24)}`)}"`, b64(`bot:${r(24)}`), '"auth": "***"'],
  ['npmrc-auth', `_auth=${b64(`ci:${r(20)}`)}`, b64(`ci:${r(20)}`), '_auth=***'],
  ['netrc-password', `machine github.com login ci password ${r(20)}`, r(20), 'password ***'],
  ['generic-secret', `"client_secret": "${r(32)}"`, r(32), '"client_secret": "***"'],
  ['generic-secret', `export DB_PASSWORD=${r(14)}`, r(14), 'DB_PASSWORD=***'],
  ['base64-wrapped-secret', `  token: ${b64(`ghp_${r(36, ALNUM, 11)}`)}`, b64(`ghp_${r(36, ALNUM, 11)}`), 'token: ***'],
  ['prefixed-token', `--header acme_live_${r(32)}`, r(32), 'acme_live_***'],
  ['prefixed-token', `export CCIPAT_${r(40, ALNUM, 12)}`, r(40, ALNUM, 12), 'CCIPAT_***'],
  [
    'sentry-dsn',
    `SENTRY_DSN=https://${r(32, HEX)}@o1.ingest.sentry.io/42`,
    r(32, HEX),
    'https://***@o1.ingest.sentry.io/42',
  ],
  ['cookie-session', `-H "Cookie: auth_token=${r(24)}"`, r(24), 'auth_token=***'],
  ['piped-secret', `echo "${r(40, ALNUM, 13)}" | docker login --password-stdin`, r(40, ALNUM, 13), 'echo "***"'],
  ['password-flag', `mysql -u root -p'${r(16, ALNUM, 14)}' -h db`, r(16, ALNUM, 14), "-p'***'"],
  [
    'aws-signature',
    `Authorization: AWS4-HMAC-SHA256 Credential=x, Signature=${r(64, HEX)}`,
    r(64, HEX),
    'Signature=***',
  ],
  ['alibaba-access-key-id', `--credential LTAI${r(20, ALNUM, 21)}`, r(20, ALNUM, 21), 'LTAI***'],
  ['flutterwave-key', `Using FLWSECK_TEST-${r(32, HEX, 22)}-X`, r(32, HEX, 22), 'FLWSECK_TEST-***'],
  ['easypost-key', `Using EZAK${r(54, ALNUM, 23)}`, r(54, ALNUM, 23), 'EZAK***'],
  ['contentful-token', `Run ./publish.sh CFPAT-${r(43, ALNUM, 24)}`, r(43, ALNUM, 24), 'CFPAT-***'],
  ['newrelic-key', `"value": "NRII-${r(32, ALNUM, 25)}"`, r(32, ALNUM, 25), 'NRII-***'],
  ['rubygems-token', `export GEM_HOST_API_KEY=rubygems_${r(48, HEX, 26)}`, r(48, HEX, 26), 'rubygems_***'],
  ['sentry-token', `sentry-cli --auth-token sntryu_${r(64, HEX, 27)} releases new`, r(64, HEX, 27), 'sntryu_***'],
  [
    'tailscale-key',
    `tailscale up --authkey tskey-auth-${r(12, ALNUM, 28)}-${r(32, ALNUM, 29)}`,
    r(32, ALNUM, 29),
    'tskey-auth-***',
  ],
  ['xml-secret', `<password>${r(24, ALNUM, 30)}</password>`, r(24, ALNUM, 30), '<password>***</password>'],
  ['xml-secret', `<add key="ApiKey" value="${r(32, ALNUM, 31)}" />`, r(32, ALNUM, 31), 'value="***"'],
  ['secret-header', `-H 'Ocp-Apim-Subscription-Key: ${r(32, HEX, 32)}'`, r(32, HEX, 32), 'Subscription-Key: ***'],
  [
    'generic-secret',
    `aws configure set aws_secret_access_key ${r(40, ALNUM, 33)}`,
    r(40, ALNUM, 33),
    'aws_secret_access_key ***',
  ],
  ['password-flag', `sshpass -p '${r(20, ALNUM, 34)}' ssh deploy@10.0.0.5`, r(20, ALNUM, 34), "-p '***'"],
  ['generic-secret', `pass = ${r(24, ALNUM, 35)}`, r(24, ALNUM, 35), 'pass = ***'],
];

const KEPT: readonly (readonly [string, string])[] = [
  ['placeholder xxxx', 'api_key=xxxxxxxxxxxxxxxxxxxx'],
  ['placeholder <token>', 'Authorization: Bearer <token>'],
  ['GitHub expression', 'GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}'],
  ['shell variable', 'curl -H "Authorization: Bearer $TOKEN" https://api.example.com'],
  ['changeme', 'password: changeme'],
  ['already masked', 'token: ***'],
  [
    'AWS documentation keys',
    'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  ],
  ['Stripe publishable key', `stripe.setPublishableKey('pk_live_${r(24)}')`],
  ['git SHA', `HEAD is now at ${r(40, HEX)} fix flaky test`],
  ['sha256 digest', `digest: sha256:${r(64, HEX)} size: 2417`],
  ['UUID', 'request 123e4567-e89b-12d3-a456-426614174000 completed'],
  ['npm integrity', `"integrity": "sha512-${r(86)}=="`],
  ['ordinary words', 'token_type: bearer, expires_in: 3600, the password prompt was skipped'],
  ['public key', `-----BEGIN PUBLIC KEY-----\n${r(64)}\n-----END PUBLIC KEY-----`],
  ['URL without password', 'https://user@bitbucket.org/acme/api.git and ssh://git@github.com/acme/api.git'],
  ['cache key', `Cache restored from key: Linux-node-${r(64, HEX)}`],
  ['idempotency header', `Idempotency-Key: ${r(32, HEX, 40)}`],
  ['cache header', `Cache-Key: node-cache-Linux-x64-npm-${r(64, HEX, 41)}`],
  ['XML secret reference', '<password>${DB_PASSWORD}</password>'],
  ['compiler flag glued to -p', 'gcc -pthread -pedantic -o app main.c && mkdir -p dist/assets'],
  ['snake_case name and a path', 'Loading secret_manager_config from /etc/opsguard/config.yaml'],
  ['a test that passes', 'PASS packages/core/test/retry/retry-policy.test.ts (1.203 s)'],
];

describe('createSanitizer', () => {
  it.each(MASKED)('masks %s', (_kind, line, secret, kept) => {
    const out = createSanitizer().sanitize(line);
    expect(out).not.toContain(secret);
    expect(out).toContain(kept);
  });

  it.each(KEPT)('keeps %s', (_name, line) => {
    expect(createSanitizer().sanitize(line)).toBe(line);
  });

  it('masks a multi-line PEM private key block, keeping its frame', () => {
    const body = [r(64, ALNUM, 1), r(64, ALNUM, 2), r(20, ALNUM, 3)];
    const text = `Writing key\n-----BEGIN OPENSSH PRIVATE KEY-----\n${body.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\ndone`;
    const out = createSanitizer().sanitize(text);
    expect(out).toBe('Writing key\n-----BEGIN OPENSSH PRIVATE KEY-----\n***\n-----END OPENSSH PRIVATE KEY-----\ndone');
  });

  it('masks PGP and indented (YAML) key blocks', () => {
    const text = `  key: |\n    -----BEGIN PGP PRIVATE KEY BLOCK-----\n    Version: GnuPG v2\n\n    ${r(64)}\n    -----END PGP PRIVATE KEY BLOCK-----`;
    const out = createSanitizer().sanitize(text);
    expect(out).not.toContain(r(64));
    expect(out).toContain('    -----END PGP PRIVATE KEY BLOCK-----');
  });

  it('counts per kind and never reports values', () => {
    const s = createSanitizer();
    s.sanitize(`a ghp_${r(36)} b ghp_${r(36, ALNUM, 5)}\npassword=${r(16)}`);
    const counts = s.counts();
    expect(counts).toEqual({ 'github-token': 2, 'generic-secret': 1 });
    expect(JSON.stringify(counts)).not.toContain(r(36));
    s.resetCounts();
    expect(s.counts()).toEqual({});
  });

  it('masks registered values and their base64 and URL-encoded forms', () => {
    const value = 'hunter2/pa ss';
    const s = createSanitizer({ values: [value, 'abc'] });
    const line = `v=${value} b=${b64(value)} u=${encodeURIComponent(value)} docker=${b64(`me:${value}`)} short=abc`;
    const out = s.sanitize(line);
    expect(out).not.toContain(value);
    expect(out).not.toContain(b64(value).slice(0, 12));
    expect(out).not.toContain(encodeURIComponent(value));
    expect(out).not.toContain(b64(`me:${value}`).slice(4, 16));
    expect(out).toContain('short=abc');
    expect(s.counts()['registered-secret']).toBeGreaterThanOrEqual(4);
  });

  it('masks a registered multi-line value line by line', () => {
    const value = `${r(40, ALNUM, 21)}\n${r(40, ALNUM, 22)}`;
    const out = createSanitizer({ values: [value] }).sanitize(`a\n${value}\nb`);
    expect(out).toBe('a\n***\n***\nb');
  });

  it('applies extra rules and the allowlist', () => {
    const s = createSanitizer({
      rules: [{ kind: 'acme-key', regex: '\\b(?<pre>ACME-)(?<secret>[0-9]{12})\\b', keywords: ['acme-'] }],
      allowlist: ['^dummy-'],
    });
    expect(s.sanitize('key ACME-493817265013 and password=dummy-a1b2c3d4e5')).toBe(
      'key ACME-*** and password=dummy-a1b2c3d4e5',
    );
    expect(s.counts()).toEqual({ 'acme-key': 1 });
  });

  it('is a plain (text) => string function', () => {
    const { sanitize } = createSanitizer();
    expect([`x=ghp_${r(36)}`].map(sanitize)).toEqual(['x=ghp_***']);
  });
});
