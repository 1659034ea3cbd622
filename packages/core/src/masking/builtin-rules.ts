import { charClasses, looksRandom, shannonEntropy } from './entropy.js';
import type { MaskRule } from './types.js';

/**
 * Built-in secret formats: gitleaks' default rules and secretlint's recommended preset, grouped in
 * families (prefixed tokens, webhooks, connection strings, headers, assignments). Most specific
 * first: a later rule sees `***` where an earlier one masked, and skips it.
 */
function r(
  kind: string,
  source: string,
  keywords: readonly string[],
  extra: { flags?: string; minEntropy?: number; when?: RegExp; accept?: NonNullable<MaskRule['accept']> } = {},
): MaskRule {
  const { flags = '', ...rest } = extra;
  return { kind, pattern: new RegExp(source, `g${flags}`), keywords, ...rest };
}

/** Token body after a known prefix: mixed enough to be random, not a word or an identifier. */
const randomish = (s: string) => looksRandom(s, 16, 3.2);
/** `xx_` followed by 16 alphanumerics: lines without it cannot hold a prefixed vendor token. */
const HAS_PREFIXED_BODY = /[a-z0-9]_[a-z0-9]{16}/i;

/** A vendor token body: upper, lower and digits mixed, high entropy (not an identifier or a word). */
function randomBody(s: string): boolean {
  const k = charClasses(s);
  return k.digit >= 2 && k.upper >= 2 && k.lower >= 2 && shannonEntropy(s) >= 3.7;
}

/** `${VAR}`, `$(cmd)`, `%VAR%`, `{{ x }}`: a reference to a secret, not its value. */
const isVariable = (s: string) => /^(?:\$|%|\{\{|#\{)/.test(s);

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** Two adjacent quoted arguments, the second long: where a positional secret may sit (the engine's prefix pass triggers on it). */
export const POSITIONAL_PAIR = /["']\s*,\s*["'][A-Za-z0-9/+=_-]{16}/;

/**
 * A flag whose name says its value is a credential (`--github-token`, `--registry-password`,
 * `--auth`, `-ApiKey`), not one that names where the credential is (`--token-file`, `--key-id`).
 */
export function isSecretFlag(flag: string): boolean {
  const name = flag.replace(/^-+/, '').toLowerCase();
  if (name === 'with-token' || name === 'password-stdin') return false;
  if (
    /(?:^|-)(?:file|path|dir|id|ids|name|env|type|stdin|url|uri|length|var|ref|arn|store|ring|algorithm|alg|size|format|prefix|header|helper|command|cmd|scope|scopes|expiry|expires|ttl|server|endpoint|host|mode|method)$/.test(
      name,
    )
  ) {
    return false;
  }
  if (/^(?:key|keyring|keyserver|keep|pass|passes|author|authority)$/.test(name)) return false;
  return /(?:^|-)(?:token|tokens|key|apikey|secret|password|passwd|passphrase|pass|auth|credential|credentials|pat)(?:-|$)|^(?:apikey|accesstoken|authtoken|clientsecret|secretkey|accesskey)$/.test(
    name,
  );
}

/** A value given literally (not a variable, a path, a number or a word). */
function isLiteralValue(s: string): boolean {
  if (isVariable(s) || /^[/.~]/.test(s) || /^(?:true|false|null|none|yes|no)$/i.test(s)) return false;
  if (/^\d+$/.test(s) || /\.(?:json|pem|key|txt|p12|pfx|crt|yaml|yml|env)$/i.test(s) || s.includes('://')) return false;
  if (/^[a-z]+(?:[-_][a-z]+)*$/.test(s)) return false;
  return shannonEntropy(s) >= 2.5;
}

/** Digest prefixes (`sha512-…`) and public keys (Stripe `pk_…`) are not secrets. */
const notHashPrefix = (_s: string, m: string) =>
  !/^(?:sha\d*|md5|blake\d*|h\d|sum|crc\d*|pk|pub|public|phc)[_-]/i.test(m) && !/publishable/i.test(m);

/**
 * GitHub's GraphQL node ids (`PR_kwDO…`, `PVTI_lADO…`, `WFR_kwLO…`): an upper-case type prefix and a
 * base64 MessagePack array (`kw`, `kg`, `lA`, `lQ` open it). Identifiers, not secrets.
 */
const isGraphqlNodeId = (s: string) => /^(?:k[wgQ]|l[AQw])[A-Z][A-Z0-9]/.test(s);

/**
 * Header names that say the value identifies or describes something (`x-cache-key`,
 * `x-goog-api-client`, `…-key-id`, `x-api-version`): not a credential whatever their other words.
 */
export function isDescriptiveHeader(name: string): boolean {
  return (
    /(?:^|-)(?:cache|idempotency|dedup|etag|request|trace|span|correlation|partition|sort|routing|content)(?:-|$)/i.test(
      name,
    ) ||
    /-(?:id|ids|version|versions|client|hash|status|region|type|name|count|limit|remaining|reset|used|selected|scopes?|expires?|ttl|algorithm|encoding|length|hint|mode|policy)$/i.test(
      name,
    )
  );
}

/** The header name at the start of a `name: value` match. */
const headerName = (m: string) => /^[A-Za-z0-9-]+/.exec(m)?.[0] ?? '';

/** Prefixed tokens whose prefix is documented as public (kept: `ghp_***`). */
const PREFIXED: MaskRule[] = [
  // The 2026 installation-token format, `ghs_<app id>_<JWT>` (~520 characters): all of it.
  r(
    'github-token',
    String.raw`\b(?<pre>gh[pousr]_)(?<secret>\d{1,12}_[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)`,
    ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
  ),
  r('github-token', String.raw`\b(?<pre>gh[pousr]_)(?<secret>[A-Za-z0-9]{30,255})`, [
    'ghp_',
    'gho_',
    'ghu_',
    'ghs_',
    'ghr_',
  ]),
  r('github-token', String.raw`\b(?<pre>github_pat_)(?<secret>[A-Za-z0-9_]{22,255})`, ['github_pat_']),
  r(
    'gitlab-token',
    String.raw`\b(?<pre>gl(?:pat|dt|ptt|rt|cbt|imt|ft|oas|soat|agent|ffct)-)(?<secret>[A-Za-z0-9_\-]{20,})`,
    ['glpat-', 'gldt-', 'glptt-', 'glrt-', 'glcbt-', 'glimt-', 'glft-', 'gloas-', 'glsoat-', 'glagent-', 'glffct-'],
  ),
  r('slack-token', String.raw`\b(?<pre>xox[abposre]-)(?<secret>[A-Za-z0-9\-]{10,})`, ['xox']),
  r('slack-token', String.raw`\b(?<pre>xapp-)(?<secret>\d-[A-Za-z0-9\-]{20,})`, ['xapp-']),
  r('aws-access-key-id', String.raw`\b(?<pre>A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)(?<secret>[A-Z2-7]{16})\b`, [
    'akia',
    'asia',
    'abia',
    'acca',
    'a3t',
  ]),
  r('gcp-api-key', String.raw`\b(?<pre>AIza)(?<secret>[A-Za-z0-9_\-]{35})`, ['aiza']),
  r('gcp-oauth-secret', String.raw`\b(?<pre>GOCSPX-)(?<secret>[A-Za-z0-9_\-]{24,})`, ['gocspx-']),
  r('gcp-oauth-token', String.raw`\b(?<pre>ya29\.)(?<secret>[A-Za-z0-9_\-]{20,})`, ['ya29.']),
  r('stripe-secret-key', String.raw`\b(?<pre>(?:sk|rk)_(?:live|test|prod)_)(?<secret>[A-Za-z0-9]{10,247})`, [
    'sk_live',
    'rk_live',
    'sk_test',
    'rk_test',
    'sk_prod',
    'rk_prod',
  ]),
  r('stripe-webhook-secret', String.raw`\b(?<pre>whsec_)(?<secret>[A-Za-z0-9]{24,})`, ['whsec_']),
  r('twilio-api-key', String.raw`\b(?<pre>SK)(?<secret>[0-9a-fA-F]{32})\b`, ['sk']),
  r('sendgrid-api-key', String.raw`\b(?<pre>SG\.)(?<secret>[A-Za-z0-9_\-]{16,32}\.[A-Za-z0-9_\-]{30,60})`, ['sg.']),
  r('mailgun-api-key', String.raw`\b(?<pre>(?:pub)?key-)(?<secret>[0-9a-f]{32})\b`, ['key-']),
  r('npm-token', String.raw`\b(?<pre>npm_)(?<secret>[A-Za-z0-9]{36})\b`, ['npm_']),
  r('pypi-token', String.raw`\b(?<pre>pypi-)(?<secret>AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{20,})`, ['pypi-']),
  r('shopify-token', String.raw`\b(?<pre>shp(?:at|ca|pa|ss)_)(?<secret>[a-fA-F0-9]{32})`, [
    'shpat_',
    'shpca_',
    'shppa_',
    'shpss_',
  ]),
  r('anthropic-api-key', String.raw`\b(?<pre>sk-ant-[a-z]{2,8}\d{0,3}-)(?<secret>[A-Za-z0-9_\-]{20,})`, ['sk-ant-']),
  r(
    'openai-api-key',
    String.raw`\b(?<pre>sk-(?:proj-|svcacct-|admin-|None-)?)(?<secret>[A-Za-z0-9_\-]{20,})`,
    ['sk-'],
    { accept: randomish },
  ),
  r('hashicorp-vault-token', String.raw`\b(?<pre>hv[sbr]\.)(?<secret>[A-Za-z0-9_\-]{24,})`, ['hvs.', 'hvb.', 'hvr.']),
  r('hashicorp-tf-token', String.raw`\b(?<secret>[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=\-]{40,})`, ['atlasv1']),
  r('doppler-token', String.raw`\b(?<pre>dp\.(?:pt|st|sa|ct|scim|audit)\.)(?<secret>[A-Za-z0-9]{40,44})`, ['dp.']),
  r('heroku-api-key', String.raw`\b(?<pre>HRKU-)(?<secret>[A-Za-z0-9_\-]{20,})`, ['hrku-']),
  r('huggingface-token', String.raw`\b(?<pre>(?:hf|api_org)_)(?<secret>[A-Za-z0-9]{30,40})\b`, ['hf_', 'api_org_']),
  r('dockerhub-token', String.raw`\b(?<pre>dckr_(?:pat|oat)_)(?<secret>[A-Za-z0-9_\-]{20,})`, ['dckr_']),
  r('pulumi-token', String.raw`\b(?<pre>pul-)(?<secret>[a-f0-9]{40})\b`, ['pul-']),
  r('sonarqube-token', String.raw`\b(?<pre>sq[upa]_)(?<secret>[a-f0-9]{40})\b`, ['squ_', 'sqp_', 'sqa_']),
  r('newrelic-key', String.raw`\b(?<pre>NR(?:AK|AA|II|JS|RA)-)(?<secret>[A-Za-z0-9_\-]{19,})`, [
    'nrak-',
    'nraa-',
    'nrii-',
    'nrjs-',
    'nrra-',
  ]),
  r('linear-api-key', String.raw`\b(?<pre>lin_(?:api|oauth)_)(?<secret>[A-Za-z0-9]{32,})`, ['lin_']),
  r('notion-token', String.raw`\b(?<pre>(?:ntn|secret)_)(?<secret>[A-Za-z0-9]{40,50})\b`, ['ntn_', 'secret_'], {
    accept: randomish,
  }),
  r('vercel-token', String.raw`\b(?<pre>v(?:cp|ci|ca|cr|ck)_)(?<secret>[A-Za-z0-9]{20,})`, [
    'vcp_',
    'vci_',
    'vca_',
    'vcr_',
    'vck_',
  ]),
  r('supabase-key', String.raw`\b(?<pre>sb_secret_|sbp_)(?<secret>[A-Za-z0-9_\-]{20,})`, ['sb_secret_', 'sbp_']),
  r('digitalocean-token', String.raw`\b(?<pre>do[opr]_v1_)(?<secret>[a-f0-9]{64})`, ['dop_v1_', 'doo_v1_', 'dor_v1_']),
  r('atlassian-token', String.raw`\b(?<pre>ATATT3)(?<secret>[A-Za-z0-9_\-=]{100,})`, ['atatt3']),
  r('grafana-token', String.raw`\b(?<pre>gl(?:sa|c)_)(?<secret>[A-Za-z0-9_=\-+/]{32,})`, ['glsa_', 'glc_']),
  r('sentry-token', String.raw`\b(?<pre>sntry?[su]?_)(?<secret>[A-Za-z0-9_=\-+/]{32,})`, ['sntry']),
  r('postman-api-key', String.raw`\b(?<pre>PMAK-)(?<secret>[a-f0-9]{24}-[a-f0-9]{34})`, ['pmak-']),
  r('databricks-token', String.raw`\b(?<pre>dapi)(?<secret>[a-f0-9]{32}(?:-\d)?)\b`, ['dapi']),
  r('age-secret-key', String.raw`\b(?<pre>AGE-SECRET-KEY-1)(?<secret>[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})`, [
    'age-secret-key-',
  ]),
  r('artifactory-token', String.raw`\b(?<pre>AKCp)(?<secret>[A-Za-z0-9]{60,80})`, ['akcp']),
  r('artifactory-token', String.raw`\b(?<pre>cmVmdGtu)(?<secret>[A-Za-z0-9]{50,64})`, ['cmvmdgtu']),
  r('telegram-bot-token', String.raw`(?<![0-9])(?<secret>\d{8,10}:AA[A-Za-z0-9_\-]{32,33})(?![A-Za-z0-9_\-])`, [':aa']),
  r(
    'azure-ad-client-secret',
    String.raw`(?<![A-Za-z0-9_~.\-])(?<secret>[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.\-]{31,34})(?![A-Za-z0-9_~.\-])`,
    ['q~'],
  ),
  r('mapbox-token', String.raw`\b(?<pre>sk\.)(?<secret>eyJ[A-Za-z0-9_\-]{20,}\.[A-Za-z0-9_\-]{20,})`, ['sk.eyj']),
  r('alibaba-access-key-id', String.raw`\b(?<pre>LTAI)(?<secret>[A-Za-z0-9]{20})\b`, ['ltai']),
  r('dynatrace-token', String.raw`\b(?<pre>dt0c01\.)(?<secret>[A-Z0-9]{24}\.[A-Z0-9]{64})\b`, ['dt0c01.']),
  r('easypost-key', String.raw`\b(?<pre>EZ[AT]K)(?<secret>[A-Za-z0-9]{54})\b`, ['ezak', 'eztk']),
  r('flutterwave-key', String.raw`\b(?<pre>FLW(?:SECK|ENC)(?:_TEST)?-)(?<secret>[A-Za-z0-9]{12,32}(?:-X)?)`, [
    'flwseck',
    'flwenc',
  ]),
  r('frameio-token', String.raw`\b(?<pre>fio-u-)(?<secret>[A-Za-z0-9_=\-]{64})`, ['fio-u-']),
  r('mailchimp-api-key', String.raw`\b(?<secret>[0-9a-f]{32})(?=-us\d{1,2}\b)`, ['-us']),
  r('readme-api-key', String.raw`\b(?<pre>rdme_)(?<secret>[a-z0-9]{70})\b`, ['rdme_']),
  r('rubygems-token', String.raw`\b(?<pre>rubygems_)(?<secret>[a-f0-9]{48})\b`, ['rubygems_']),
  r('scalingo-token', String.raw`\b(?<pre>tk-us-)(?<secret>[A-Za-z0-9_\-]{48})`, ['tk-us-']),
  r('sendinblue-key', String.raw`\b(?<pre>xkeysib-)(?<secret>[a-f0-9]{64}-[A-Za-z0-9]{16})`, ['xkeysib-']),
  r('square-token', String.raw`\b(?<pre>EAAA)(?<secret>[A-Za-z0-9_\-+=]{60})`, ['eaaa'], {
    accept: (s) => randomBody(s),
  }),
  r('square-token', String.raw`\b(?<pre>sq0(?:atp|csp|idp)-)(?<secret>[A-Za-z0-9_\-]{22,43})`, ['sq0']),
  r('tailscale-key', String.raw`\b(?<pre>tskey-[a-z]+-)(?<secret>[A-Za-z0-9]{6,}-[A-Za-z0-9]{16,})`, ['tskey-']),
  r('buildkite-token', String.raw`\b(?<pre>bk[ua]a?_)(?<secret>[a-f0-9]{40})\b`, ['bkua_', 'bkaa_', 'bku_']),
  r('contentful-token', String.raw`\b(?<pre>CFPAT-)(?<secret>[A-Za-z0-9_\-]{43})`, ['cfpat-']),
  r('airtable-token', String.raw`\b(?<pre>pat)(?<secret>[A-Za-z0-9]{14}\.[a-f0-9]{64})\b`, ['pat']),
  r(
    'harness-token',
    String.raw`\b(?<pre>(?:pat|sat)\.)(?<secret>[A-Za-z0-9_\-]{22}\.[a-f0-9]{24}\.[A-Za-z0-9]{20})\b`,
    ['pat.', 'sat.'],
  ),
  r('infracost-key', String.raw`\b(?<pre>ico-)(?<secret>[A-Za-z0-9]{32})\b`, ['ico-']),
  r('bitbucket-app-password', String.raw`\b(?<pre>ATBB)(?<secret>[A-Za-z0-9_=.\-]{32,})`, ['atbb']),
  r('atlassian-token', String.raw`\b(?<pre>ATCTT3)(?<secret>[A-Za-z0-9_\-=]{100,})`, ['atctt3']),
  r('facebook-token', String.raw`\b(?<pre>EAA[A-Z][A-Za-z0-9]{2,12})(?<secret>[A-Za-z0-9]{60,})`, ['eaa'], {
    accept: (s) => randomBody(s),
  }),
  r('twitter-bearer-token', String.raw`\b(?<pre>A{21})(?<secret>[A-Za-z0-9%]{40,})`, ['aaaaaaaaaaaaaaaaaaaaa']),
  r('dropbox-token', String.raw`\b(?<pre>sl\.)(?<secret>[A-Za-z0-9_\-]{130,})`, ['sl.']),
  r(
    'discord-bot-token',
    String.raw`\b(?<secret>[MNO][A-Za-z0-9_\-]{23,27}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,40})(?![A-Za-z0-9_\-])`,
    ['discord', 'bot '],
    { accept: (s) => randomBody(s) },
  ),
  r('jwt', String.raw`(?<![A-Za-z0-9])(?<secret>eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}(?:\.[A-Za-z0-9_\-]*)?)`, [
    'eyj',
  ]),
];

/** Secrets found by their surroundings: URLs, headers, connection strings, config files, flags. */
const CONTEXTUAL: MaskRule[] = [
  r(
    'slack-webhook',
    String.raw`(?<pre>hooks\.slack\.com/(?:services|workflows|triggers)/)(?<secret>[A-Za-z0-9+/_\-]{20,})`,
    ['hooks.slack.com'],
  ),
  r('discord-webhook', String.raw`(?<pre>discord(?:app)?\.com/api/webhooks/)(?<secret>\d+/[A-Za-z0-9_\-]+)`, [
    'discord',
  ]),
  r(
    'teams-webhook',
    String.raw`(?<pre>\.webhook\.office\.com/webhookb2/|outlook\.office(?:365)?\.com/webhook/)(?<secret>[^\s'"<>]+)`,
    ['webhook.office.com', '.com/webhook/'],
  ),
  r('url-credentials', String.raw`(?<pre>://[^\s:/@'"<>]{0,128}:)(?<secret>[^\s@/'"<>]{1,256})(?=@)`, ['://']),
  r(
    'azure-connection-string',
    String.raw`(?<pre>\b(?:AccountKey|SharedAccessKey|SharedAccessSignature|SharedSecretValue)\s*=\s*)(?<secret>[^;\s'"]{6,})`,
    ['accountkey', 'sharedaccess', 'sharedsecret'],
    { flags: 'i' },
  ),
  r(
    'connection-string-password',
    String.raw`(?<pre>;\s*(?:Password|Pwd)\s*=\s*)(?<secret>[^;\s'"]{4,})`,
    ['password=', 'pwd='],
    { flags: 'i' },
  ),
  r('azure-sas-signature', String.raw`(?<pre>[?&]sig=)(?<secret>[A-Za-z0-9%+/=]{20,})`, ['sig=']),
  r(
    'authorization-header',
    String.raw`(?<pre>\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?(?:(?:Bearer|Basic|Token|Digest|Bot|Key|ApiKey|SSWS|Splunk|GenieKey|AWS4-HMAC-SHA256|OAuth|Negotiate)\s+)?)(?<secret>[A-Za-z0-9\-._~+/=:%]{8,})`,
    ['authorization'],
    { flags: 'i' },
  ),
  r(
    'bearer-token',
    String.raw`(?<pre>\b(?:Bearer|Basic|Token)[ \t]+)(?<secret>[A-Za-z0-9\-._~+/]{12,}=*)`,
    ['bearer', 'basic', 'token'],
    { flags: 'i', accept: (s) => looksRandom(s, 12, 3.0) },
  ),
  r(
    'secret-header',
    String.raw`(?<pre>\b(?:x-[a-z0-9\-]*(?:token|key|api|auth|secret|password|signature)[a-z0-9\-]*|api-key|apikey|private-token|access-token|auth-token)["']?\s*:\s*["']?)(?<secret>[A-Za-z0-9\-._~+/=]{12,})`,
    ['-token', '-key', '-api', '-auth', '-secret', '-password', '-signature', 'apikey', 'private-token'],
    { flags: 'i', accept: (s, m) => shannonEntropy(s) >= 3 && !isDescriptiveHeader(headerName(m)) },
  ),
  r(
    'basic-auth-flag',
    String.raw`(?<pre>(?:^|\s)(?:-u|--user)\s+['"]?[^\s:'"]+:)(?<secret>[^\s'"@]{6,})`,
    ['-u ', '--user'],
    { accept: (s) => shannonEntropy(s) >= 2.5 },
  ),
  r(
    'password-flag',
    String.raw`(?<pre>(?:^|\s)(?:-p|--password|--passwd|--pass|--token|--api-key|--apikey|--secret|--client-secret|--auth-token|--access-token)(?:[ \t]+|=)['"]?)(?<secret>[^\s'"]{6,})`,
    [
      '-p ',
      '--pass',
      '--token',
      '--api-key',
      '--apikey',
      '--secret',
      '--client-secret',
      '--auth-token',
      '--access-token',
    ],
    {
      accept: (s, m) => !/^[/.~]/.test(s) && (/^\s*-p\s/.test(m) ? looksRandom(s, 8, 3.0) : shannonEntropy(s) >= 2.5),
    },
  ),
  r('password-flag', String.raw`(?<pre>\s-p['"])(?<secret>[^'"\s]{4,})(?=['"])`, ["-p'", '-p"']),
  r(
    'piped-secret',
    String.raw`(?<pre>\becho\s+(?:-n\s+)?["']?)(?<secret>[^\s'"|$]{8,})(?=["']?\s*\|[^|]*(?:login|auth|--password-stdin|--with-token))`,
    ['login', 'auth', 'password-stdin', '--with-token'],
    { accept: (s) => shannonEntropy(s) >= 3 },
  ),
  r('aws-signature', String.raw`(?<pre>\bSignature=)(?<secret>[0-9a-f]{64})\b`, ['signature=']),
  r('sentry-dsn', String.raw`(?<pre>https?://)(?<secret>[0-9a-f]{32})(?=(?::[0-9a-f]{32})?@[^\s/]*sentry)`, ['sentry']),
  r(
    'cookie-session',
    String.raw`(?<pre>\b[A-Za-z0-9_.\-]*(?:sess|sid|session|token|auth|jwt)[A-Za-z0-9_.\-]*=)(?<secret>[^;\s'"]{16,})`,
    ['cookie'],
    { flags: 'i', accept: (s) => shannonEntropy(s) >= 3 },
  ),
  r(
    'npmrc-auth',
    String.raw`(?<pre>:?_(?:authToken|auth|password)\s*(?:=|\s)\s*["']?)(?<secret>[^\s'"]{6,})`,
    ['_authtoken', '_auth', '_password'],
    { flags: 'i' },
  ),
  r('netrc-password', String.raw`(?<pre>\bmachine\s+\S+\s+(?:login\s+\S+\s+)?password\s+)(?<secret>\S+)`, ['machine']),
  r('netrc-password', String.raw`^(?<pre>\s*password[ \t]+)(?<secret>\S+)\s*$`, ['password']),
  r(
    'docker-config-auth',
    String.raw`(?<pre>"(?:auth|identitytoken|registrytoken)"\s*:\s*")(?<secret>[A-Za-z0-9+/=_\-.]{8,})`,
    ['"auth"', '"identitytoken"', '"registrytoken"'],
  ),
  r('password-flag', String.raw`(?<pre>\s-p[ \t]+['"])(?<secret>[^'"\s]{4,})(?=['"])`, ['-p ']),
  // `mysql -uci -pS3cr3t…`: the value glued to `-p`, only when it looks random.
  r('password-flag', String.raw`(?<pre>\s-p)(?<secret>[A-Za-z0-9!#%+/=@^_~.\-]{8,})(?=\s|$)`, ['-p'], {
    accept: (s) => randomBody(s) || looksRandom(s, 12, 3.5),
  }),
  // A flag whose name says what its value is: `--github-token X`, `--registry-password=X`, `-ApiKey X`.
  r(
    'secret-flag',
    String.raw`(?<pre>(?:^|\s)(?<flag>--[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*|-[A-Z][A-Za-z]+)(?:[ \t]+|=)["']?)(?<secret>(?!-)[^\s'"]{6,4096})`,
    ['token', 'key', 'secret', 'pass', 'auth', 'cred'],
    { accept: (s, m) => isSecretFlag(/^\s*(\S+?)(?:[ \t=]|$)/.exec(m)?.[1] ?? '') && isLiteralValue(s) },
  ),
  // `gh secret set NAME --body VALUE`.
  r(
    'secret-flag',
    String.raw`(?<pre>\bgh\s+secret\s+set\b[^\n]*?\s(?:--body|-b)(?:[ \t]+|=)["']?)(?<secret>[^\s'"]{4,4096})`,
    ['secret'],
    { accept: isLiteralValue },
  ),
  // `codecov -t <uuid>`: a UUID given to `-t` is an upload token.
  {
    ...r(
      'secret-flag',
      String.raw`(?<pre>\s-t[ \t]+["']?)(?<secret>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\b`,
      ['-t'],
    ),
  },
  // `yarn config set npmAuthToken X`, `poetry config pypi-token.pypi X`, `heroku config:set`.
  r(
    'config-set-secret',
    String.raw`(?<pre>\bconfig(?::set)?\s+(?:(?:set|--global|--local|--user|--project)\s+)*(?<name>[\w.\-/:@]*(?:token|key|secret|passw(?:or)?d|auth)[\w.\-]*)(?:[ \t]+|=)["']?)(?<secret>[^\s'"]{6,4096})`,
    ['config'],
    {
      flags: 'i',
      accept: (s, m) => {
        const name = /(?:set|--\w+|config(?::set)?)\s+([\w.\-/:@]+)(?:[ \t]+|=)["']?[^\s'"]+$/.exec(m)?.[1] ?? '';
        return !/(?:file|path|dir|id|name|signingkey|keyid|helper)$/i.test(name) && isLiteralValue(s);
      },
    },
  ),
  // A token given to a login command as its argument: `cargo login X`, `vault login X`, `snyk auth X`.
  r(
    'login-argument',
    String.raw`(?<pre>\b(?:login|auth)\s+(?:-{1,2}[\w-]+(?:=\S+)?\s+)*["']?)(?<secret>[A-Za-z0-9._\-]{20,4096})(?=["']?(?:\s|$))`,
    ['login', 'auth'],
    {
      accept: (s) =>
        !/[a-z0-9-]\.[a-z]{2,}$/.test(s) &&
        !s.includes('..') &&
        (looksRandom(s, 20, 3.2) || UUID.test(s)) &&
        !/^-/.test(s),
    },
  ),
  // PowerShell: `ConvertTo-SecureString "…" -AsPlainText`.
  {
    ...r(
      'powershell-secure-string',
      String.raw`(?<pre>ConvertTo-SecureString\s+(?:-String\s+)?["'])(?<secret>[^"'\n]{4,4096})(?=["'])`,
      ['convertto-securestring'],
      { flags: 'i' },
    ),
  },
  // Tokens in URL paths: `/bot<token>/` (Telegram, by its own rule), `/key/<token>`, `/token/<token>`.
  r(
    'path-token',
    String.raw`(?<pre>/(?:token|tokens|apikey|api-key|api_key|key|keys|secret|secrets|access-token|auth)/)(?<secret>[A-Za-z0-9_\-]{16,256})(?=[/?#\s"'&]|$)`,
    ['/token', '/apikey/', '/api-key/', '/api_key/', '/key/', '/keys/', '/secret', '/access-token/', '/auth/'],
    { flags: 'i', accept: (s) => looksRandom(s, 16, 3.0) },
  ),
  {
    ...r('zapier-webhook', String.raw`(?<pre>hooks\.zapier\.com/hooks/catch/\d+/)(?<secret>[A-Za-z0-9]{5,})`, [
      'hooks.zapier.com',
    ]),
  },
  // A secret passed positionally to an SDK constructor next to its id: `twilio('AC…', '…')`,
  // `algoliasearch('APPID', '…')`, `new Pusher('123', 'key', '…')`; the last quoted argument.
  {
    ...r(
      'positional-secret',
      String.raw`(?<pre>\(\s*[^()\n]*?["'](?:AC[0-9a-f]{32}|[A-Z0-9]{8,12}|\d{5,13}|AKIA\*{3}|AKIA[A-Z2-7]{16})["']\s*,\s*(?:[^()\n]*,\s*)?["'])(?<secret>[A-Za-z0-9/+=_\-]{16,256})(?=["']\s*[,)])`,
      [],
      {
        when: POSITIONAL_PAIR,
        accept: (s) => looksRandom(s, 16, 3.0) || (/^[0-9a-f]{20,}$/.test(s) && /\d/.test(s) && /[a-f]/.test(s)),
      },
    ),
  },
  // Service-account JSON: the key id names the private key (Google: 40 hex).
  r('gcp-private-key-id', String.raw`(?<pre>\bprivate_key_id["']?\s*[:=]\s*["']?)(?<secret>[0-9a-f]{40})\b`, [
    'private_key_id',
  ]),
  // XML config: `<password>…</password>`, `<add key="ApiKey" value="…"/>`.
  r(
    'xml-secret',
    String.raw`(?<pre><(?<tag>[A-Za-z_:.\-]*(?:password|passwd|secret|token|apikey|api_key|accesskey|access_key))>)(?<secret>[^<\s]{6,})(?=</\k<tag>>)`,
    ['</'],
    { flags: 'i', accept: (s) => !isVariable(s) },
  ),
  r(
    'xml-secret',
    String.raw`(?<pre>\bkey\s*=\s*"[^"]*(?:password|passwd|secret|token|apikey|api[_.\-]key|accesskey|connectionstring)[^"]*"\s+value\s*=\s*")(?<secret>[^"]{6,})(?=")`,
    ['value='],
    { flags: 'i', accept: (s) => !isVariable(s) },
  ),
  // HTTP headers whose name ends in Key/Token/Secret (`Ocp-Apim-Subscription-Key: …`).
  r(
    'secret-header',
    String.raw`(?<pre>\b(?<name>[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*-(?:key|token|secret|password|signature))["']?\s*:\s*["']?)(?<secret>[A-Za-z0-9\-._~+/=]{16,})`,
    ['-key', '-token', '-secret', '-password', '-signature'],
    {
      flags: 'i',
      accept: (s, m) =>
        !/^(?:cache|idempotency|primary|public|sort|partition|foreign|row|range|hash|lookup|etag|content|dedup|group|routing)-/i.test(
          m,
        ) &&
        !isDescriptiveHeader(headerName(m)) &&
        looksRandom(s, 16, 3.0),
    },
  ),
  // `aws configure set aws_secret_access_key <value>`: a snake_case secret name, a space, a random value.
  r(
    'generic-secret',
    String.raw`(?<pre>\b(?=[a-z0-9]*_)[a-z0-9_]*(?:secret|password|passwd|token|api_?key|access_key|private_key)[a-z0-9_]*[ \t]+["']?)(?<secret>[A-Za-z0-9/+=_\-.]{16,})(?=["']?(?:\s|$))`,
    ['_secret', 'secret_', '_pass', 'password_', '_token', 'token_', '_key', 'api_key', 'access_key', 'private_key'],
    { flags: 'i', accept: (s) => randomBody(s) },
  ),
  r(
    'aws-secret-access-key',
    String.raw`(?<pre>\baws_?secret_?(?:access_?)?key["']?\s*(?:[:=]|:=|=>)\s*["']?)(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])`,
    ['secret'],
    { flags: 'i' },
  ),
];

const STRONG_KEY = /pass(?:word|wd|phrase)?|pwd|secret/i;
const NON_SECRET_KEY =
  /(?:id|type|name|names|file|path|dir|url|uri|urls|length|len|size|count|expires?|expires?_?(?:in|at)|expiry|ttl|endpoint|header|prefix|format|version|mode|enabled|kind|scope|scopes|usage|duration|timeout|hash|env|ref|arn|policy|provider|method|field|label|algorithm|strategy|source|store|manager|arg|argument|ids|keys|required|set|exists|stdin|reset|changed|length|hint|rotation|encoding|audience|issuer)["']?$/i;

function genericAccept(secret: string, match: string, before: string): boolean {
  const keyStart = /[A-Za-z0-9_.-]*$/.exec(before)?.[0] ?? '';
  const keyMatch = /^[^:=]*/.exec(match);
  const key = (keyStart + (keyMatch?.[0] ?? '')).trim().replace(/^[-\s]+/, '');
  if (NON_SECRET_KEY.test(key)) return false;
  if (/secretlint|tokeniz|passport|passthrough/i.test(key)) return false;
  // Keys documented as public by their name (`NEXT_PUBLIC_…`, `…_PUBLISHABLE_KEY`), unless a secret word follows.
  if (/public|publishable/i.test(key) && !/secret|passw|private/i.test(key)) return false;
  if (/^[\w.-]*\/[\w./-]*\.[a-z]{1,5}$/.test(secret)) return false; // a file path
  if (/^[a-z]+(?:[-_.][a-z]+)*$/.test(secret) || /^[A-Z]+(?:[-_.][A-Z]+)*$/.test(secret)) return false;
  if (/^\d+(?:\.\d+)*$/.test(secret) || /^(?:[/.~]|[a-z]+:\/\/)/i.test(secret) || secret.includes('://')) return false;
  if (/^[\^~<>=v]*\d+\.\d+/.test(secret)) return false;
  const k = charClasses(secret);
  const entropy = shannonEntropy(secret);
  if (STRONG_KEY.test(key)) {
    if (secret.length < 6) return false;
    return entropy >= 2.5 && (k.digit > 0 || k.other > 0 || (k.upper > 0 && k.lower > 0));
  }
  if (secret.length < 12 || entropy < 3.0) return false;
  return k.digit > 0 && k.lower + k.upper > 0;
}

const SECRET_KEYWORD = String.raw`(?:pass(?:word|wd|phrase)?|pwd|secret|token|(?<![a-z])pat(?![a-z])|key[_.\-]?(?:content|data|material)|api[_.\-]?key|apikey|access[_.\-]?key|private[_.\-]?key|signing[_.\-]?key|master[_.\-]?key|account[_.\-]?key|encryption[_.\-]?key|client[_.\-]?key|session[_.\-]?key|(?:admin|app|license|service|write|ingest|deploy|root|sdk|server|webhook|hmac|shared)[_.\-]?key|dsn|auth(?!or)|credential|creds)`;

/** Assignments whose key names a secret, with a high-entropy value: `API_TOKEN=…`, `"password": "…"`. */
const GENERIC: MaskRule[] = [
  // A quoted value runs to its closing quote: a password with `;` or `&` is not cut short.
  r(
    'generic-secret',
    String.raw`(?<pre>${SECRET_KEYWORD}[A-Za-z0-9_.\-]{0,40}["']?\s*(?::=|=>|[:=])\s*(?<q>["']))(?<secret>[^"'\s]{6,4096})(?=\k<q>)`,
    ['pass', 'pwd', 'secret', 'token', 'key', 'auth', 'cred', 'pat'],
    { flags: 'i', accept: genericAccept },
  ),
  r(
    'generic-secret',
    String.raw`(?<pre>${SECRET_KEYWORD}[A-Za-z0-9_.\-]{0,40}["']?\s*(?::=|=>|[:=])\s*["']?)(?<secret>[^\s'"\x60,;&|<>(){}\[\]\\]{6,4096})`,
    ['pass', 'pwd', 'secret', 'token', 'key', 'auth', 'cred', 'pat'],
    { flags: 'i', accept: genericAccept },
  ),
  // Families of vendor tokens not listed above: a short lower-case prefix, `_`, a random body.
  r(
    'prefixed-token',
    String.raw`\b(?<pre>[a-z][a-z0-9]{1,9}_(?:[a-z0-9]{1,8}_)?)(?<secret>[A-Za-z0-9][A-Za-z0-9_\-]{19,254})(?![A-Za-z0-9_\-])`,
    [],
    { when: HAS_PREFIXED_BODY, accept: (s, m) => notHashPrefix(s, m) && randomBody(s) },
  ),
  // Upper-case prefixes (`CCIPAT_…`, `FLY_…`) with the same random body.
  r(
    'prefixed-token',
    String.raw`\b(?<pre>[A-Z][A-Z0-9]{1,9}_(?:[A-Z0-9]{1,8}_)?)(?<secret>[A-Za-z0-9][A-Za-z0-9_\-]{19,254})(?![A-Za-z0-9_\-])`,
    [],
    { when: HAS_PREFIXED_BODY, accept: (s, m) => randomBody(s) && !isGraphqlNodeId(s) && notHashPrefix(s, m) },
  ),
  // The same with a hex body, when an infix says what it is: `acme_live_<hex>`, `acme_secret_<hex>`.
  r(
    'prefixed-token',
    String.raw`\b(?<pre>[a-z][a-z0-9]{1,9}_(?:live|prod|secret|key|token|api|pat|sk)_)(?<secret>[a-f0-9]{32,128})\b`,
    ['_live_', '_prod_', '_secret_', '_key_', '_token_', '_api_', '_pat_', '_sk_'],
  ),
];

export const BUILTIN_RULES: readonly MaskRule[] = [...PREFIXED, ...CONTEXTUAL, ...GENERIC];
