/**
 * A second failure probe set, written after the rules were fixed for the first and measured before
 * any rule was changed for it: its first score estimates the classifier on logs it has not seen
 * (see the closing note of issue 9).
 */
import type { FailureProbe } from './failure-probes.js';

const t = (name: string, log: string): FailureProbe => ({ name, log, label: 'transient' });
const d = (name: string, log: string): FailureProbe => ({ name, log, label: 'deterministic' });

export const HOLDOUT_FAILURE_PROBES: readonly FailureProbe[] = [
  t('getaddrinfo api.github.com', `Error: getaddrinfo ENOTFOUND api.github.com`),
  t(
    'git failed to connect 443',
    `fatal: unable to access 'https://github.com/acme/web/': Failed to connect to github.com port 443 after 130001 ms: Connection timed out`,
  ),
  t(
    'node tls socket disconnected',
    `npm error request to https://registry.npmjs.org/undici failed, reason: Client network socket disconnected before secure TLS connection was established`,
  ),
  t(
    'artifact download econnreset',
    `Error: Unable to download artifact(s): Unable to download and extract artifact: Error: read ECONNRESET`,
  ),
  t(
    'rubygems open timeout',
    `Gem::RemoteFetcher::FetchError: Net::OpenTimeout: Failed to open TCP connection to rubygems.org:443 (execution expired) (https://rubygems.org/gems/nokogiri-1.16.7-x86_64-linux.gem)`,
  ),
  t(
    'bundler fetch specs',
    `Could not fetch specs from https://rubygems.org/ due to underlying error <bad response Service Unavailable 503 (https://rubygems.org/specs.4.8.gz)>`,
  ),
  t(
    'composer 502',
    `The "https://repo.packagist.org/packages.json" file could not be downloaded: failed to open stream: HTTP request failed! HTTP/1.1 502 Bad Gateway`,
  ),
  t(
    'composer curl 28',
    `curl error 28 while downloading https://repo.packagist.org/p2/symfony/console.json: Operation timed out after 10002 milliseconds with 0 bytes received`,
  ),
  t(
    'swiftpm clone 502',
    `error: Failed to clone repository https://github.com/apple/swift-nio.git:\n    fatal: unable to access 'https://github.com/apple/swift-nio.git/': The requested URL returned error: 502`,
  ),
  t(
    'cocoapods cdn',
    `[!] CDN: trunk URL couldn't be downloaded: https://cdn.cocoapods.org/all_pods_versions_a_7_5.txt Response: Timeout was reached`,
  ),
  t(
    'flutter pub socket error',
    `Got socket error trying to find package flutter_lints at https://pub.dev.\npub get failed`,
  ),
  t(
    'sbt connection reset',
    `[error] Server access Error: Connection reset url=https://repo1.maven.org/maven2/org/scala-lang/scala-library/2.13.14/scala-library-2.13.14.pom`,
  ),
  t(
    'conda http 000',
    `CondaHTTPError: HTTP 000 CONNECTION FAILED for url <https://conda.anaconda.org/conda-forge/linux-64/repodata.json>\nElapsed: -\n\nAn HTTP error occurred when trying to retrieve this URL.\nHTTP errors are often intermittent, and a simple retry will get you on your way.`,
  ),
  t(
    'conda 502',
    `CondaHTTPError: HTTP 502 BAD GATEWAY for url <https://conda.anaconda.org/conda-forge/noarch/repodata.json>`,
  ),
  t(
    'azure cli service unavailable',
    `ERROR: (ServiceUnavailable) The service is temporarily unavailable. Please try again later.`,
  ),
  t(
    'aws throttling',
    `An error occurred (ThrottlingException) when calling the DescribeStacks operation (reached max retries: 2): Rate exceeded`,
  ),
  t('aws endpoint unreachable', `Could not connect to the endpoint URL: "https://sts.ap-northeast-1.amazonaws.com/"`),
  t(
    'gcloud connection aborted',
    `ERROR: (gcloud.container.clusters.get-credentials) There was a problem refreshing your current auth tokens: ('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))`,
  ),
  t('kubectl tls handshake', `Unable to connect to the server: net/http: TLS handshake timeout`),
  t(
    'action tarball ssl',
    `Warning: Failed to download action 'https://api.github.com/repos/docker/build-push-action/tarball/4f58ea79'. Error: The SSL connection could not be established, see inner exception.`,
  ),
  t(
    'dotnet connection refused github',
    `System.Net.Http.HttpRequestException: Connection refused (api.github.com:443)`,
  ),
  t(
    'pipelines no such host',
    `Post "https://pipelines.actions.githubusercontent.com/abc/_apis/pipelines/workflows/1/artifacts": dial tcp: lookup pipelines.actions.githubusercontent.com: no such host`,
  ),
  t('ghcr context deadline', `Error response from daemon: Get "https://ghcr.io/v2/": context deadline exceeded`),
  t(
    'buildkit deadline',
    `ERROR: failed to solve: DeadlineExceeded: failed to fetch anonymous token: Get "https://auth.docker.io/token?scope=repository%3Alibrary%2Fgolang%3Apull": dial tcp 3.219.239.5:443: i/o timeout`,
  ),
  t(
    'git push internal server error',
    `remote: Internal Server Error\nTo https://github.com/acme/web\n ! [remote rejected] main -> main (Internal Server Error)`,
  ),
  t(
    'github api 502 json',
    `RequestError [HttpError]: <html><head><title>502 Bad Gateway</title></head></html>\n  status: 502,`,
  ),
  t(
    'installation rate limit',
    `HttpError: API rate limit exceeded for installation ID 48213901. If you reach out to GitHub Support for help, please include the request ID`,
  ),
  t(
    'hex timeout',
    `** (Mix) httpc request failed with: {:failed_connect, [{:to_address, {~c"repo.hex.pm", 443}}, {:inet, [:inet], :timeout}]}`,
  ),
  t(
    'nuget nu1301 with retry',
    `Retrying 'FindPackagesByIdAsync' for source 'https://api.nuget.org/v3-flatcontainer/xunit/index.json'.\nAn error occurred while sending the request.\nerror NU1301: Unable to load the service index for source https://api.nuget.org/v3/index.json.`,
  ),
  t(
    'pip 503 simple index',
    `ERROR: HTTP error 503 while getting https://files.pythonhosted.org/packages/ab/cd/requests-2.32.3-py3-none-any.whl`,
  ),
  d(
    'getaddrinfo service hostname in test',
    `  ● orders › saves\n\n    getaddrinfo ENOTFOUND db\n\nTests: 1 failed, 12 passed`,
  ),
  d('curl 404', `curl: (22) The requested URL returned error: 404\nError: Process completed with exit code 22.`),
  d('localhost refused', `curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server`),
  d('wait-on timed out', `Error: Timed out waiting for: http://localhost:3000`),
  d('playwright webserver timeout', `Error: Timed out waiting 60000ms from config.webServer.`),
  d('etarget', `npm error code ETARGET\nnpm error notarget No matching version found for react@99.0.0.`),
  d(
    'repository not found',
    `remote: Repository not found.\nfatal: repository 'https://github.com/acme/nope.git/' not found`,
  ),
  d('ghcr write denied', `denied: installation not allowed to Write organization package`),
  d(
    'cannot find module',
    `Error: Cannot find module 'express'\nRequire stack:\n- /home/runner/work/api/api/src/server.js`,
  ),
  d(
    'postgres auth failed',
    `psql: error: connection to server at "localhost" (127.0.0.1), port 5432 failed: FATAL:  password authentication failed for user "postgres"`,
  ),
  d(
    'self signed in chain',
    `npm error code SELF_SIGNED_CERT_IN_CHAIN\nnpm error errno SELF_SIGNED_CERT_IN_CHAIN\nnpm error request to https://registry.npmjs.org/ failed, reason: self-signed certificate in certificate chain`,
  ),
  d(
    'aws no credentials',
    `Error: Credentials could not be loaded, please check your action inputs: Could not load credentials from any providers`,
  ),
  d('assume role web identity denied', `Error: Not authorized to perform sts:AssumeRoleWithWebIdentity`),
  d('kubectl unauthorized', `error: You must be logged in to the server (Unauthorized)`),
  d(
    'gpg no pubkey',
    `W: GPG error: https://apt.releases.hashicorp.com noble InRelease: The following signatures couldn't be verified because the public key is not available: NO_PUBKEY AA16FCBCA621E701\nE: The repository 'https://apt.releases.hashicorp.com noble InRelease' is not signed.`,
  ),
  d(
    'ppa no release file',
    `E: The repository 'https://ppa.launchpadcontent.net/deadsnakes/ppa/ubuntu oracular Release' does not have a Release file.`,
  ),
  d(
    'terraform no credentials',
    `│ Error: No valid credential sources found\n│\n│   with provider["registry.terraform.io/hashicorp/aws"],`,
  ),
  d('rust compile error', `error[E0308]: mismatched types\n --> src/main.rs:4:18\n  |\n4 |     let x: u32 = "five";`),
  d(
    'gradle test failures',
    `> Task :app:test FAILED\n\n42 tests completed, 3 failed\n\nFAILURE: Build failed with an exception.`,
  ),
  d('go vet', `# github.com/acme/api\n./main.go:12:2: fmt.Printf format %d has arg s of wrong type string`),
];
