/**
 * A third failure probe set (2026-12-03), written from real tools' messages before any rule was
 * changed for it, so its first score estimates the classifier on logs it has not seen. It leans on
 * look-alikes: a timeout or "connection refused" that is the code's own fault, and an outage that
 * wears a tool's error code.
 */
import type { FailureProbe } from './failure-probes.js';

const t = (name: string, log: string): FailureProbe => ({ name, log, label: 'transient' });
const d = (name: string, log: string): FailureProbe => ({ name, log, label: 'deterministic' });

export const THIRD_HOLDOUT_FAILURE_PROBES: readonly FailureProbe[] = [
  // Transient: the network, a registry or a service had a bad moment.
  t('job not acquired', `The job was not acquired by Runner of type hosted even after multiple attempts`),
  t(
    'docker hub client timeout',
    `Error response from daemon: Get "https://registry-1.docker.io/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)`,
  ),
  t(
    'docker hub pull rate limit',
    `Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit`,
  ),
  t(
    'pip read timeout',
    `pip._vendor.urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool(host='files.pythonhosted.org', port=443): Read timed out.`,
  ),
  t(
    'pip name resolution',
    `WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f3c>: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution')': /simple/numpy/\nERROR: Could not find a version that satisfies the requirement numpy==1.26.4 (from versions: none)\nERROR: No matching distribution found for numpy==1.26.4`,
  ),
  t(
    'gradle plugin portal 502',
    `> Could not GET 'https://plugins.gradle.org/m2/org/jetbrains/kotlin/kotlin-gradle-plugin/1.9.22/kotlin-gradle-plugin-1.9.22.pom'. Received status code 502 from server: Bad Gateway`,
  ),
  t(
    'gradle read timed out',
    `Could not resolve com.android.tools.build:gradle:8.2.0.\n   > Could not get resource 'https://dl.google.com/dl/android/maven2/com/android/tools/build/gradle/8.2.0/gradle-8.2.0.pom'.\n      > Could not GET 'https://dl.google.com/dl/android/maven2/com/android/tools/build/gradle/8.2.0/gradle-8.2.0.pom'.\n         > Read timed out`,
  ),
  t(
    'maven transfer connection reset',
    `[ERROR] Failed to execute goal on project api: Could not resolve dependencies for project com.acme:api:jar:1.0.0: Could not transfer artifact org.slf4j:slf4j-api:pom:2.0.9 from/to central (https://repo.maven.apache.org/maven2): Connection reset`,
  ),
  t(
    'go proxy i/o timeout',
    `go: github.com/stretchr/testify@v1.9.0: Get "https://proxy.golang.org/github.com/stretchr/testify/@v/v1.9.0.mod": dial tcp 142.250.72.17:443: i/o timeout`,
  ),
  t(
    'go sumdb tls timeout',
    `verifying github.com/google/uuid@v1.6.0: github.com/google/uuid@v1.6.0: Get "https://sum.golang.org/lookup/github.com/google/uuid@v1.6.0": net/http: TLS handshake timeout`,
  ),
  t(
    'yarn esockettimedout',
    `error An unexpected error occurred: "https://registry.yarnpkg.com/react/-/react-18.2.0.tgz: ESOCKETTIMEDOUT".`,
  ),
  t(
    'yarn berry socket hang up',
    `➤ YN0001: │ RequestError: socket hang up\n➤ YN0000: └ Completed in 31s 212ms\n➤ YN0000: Failed with errors in 31s 540ms`,
  ),
  t(
    'pnpm meta fetch etimedout',
    ` ERR_PNPM_META_FETCH_FAIL  GET https://registry.npmjs.org/typescript: request to https://registry.npmjs.org/typescript failed, reason: connect ETIMEDOUT 104.16.2.35:443`,
  ),
  t(
    'checkout 500',
    `Error: fatal: unable to access 'https://github.com/acme/app/': The requested URL returned error: 500\nThe process '/usr/bin/git' failed with exit code 128`,
  ),
  t(
    'git http2 stream not closed',
    `error: RPC failed; curl 92 HTTP/2 stream 0 was not closed cleanly: CANCEL (err 8)\nerror: 4093 bytes of body are still expected\nfetch-pack: unexpected disconnect while reading sideband packet\nfatal: early EOF\nfatal: fetch-pack: invalid index-pack output`,
  ),
  t(
    'apt connection failed',
    `E: Failed to fetch http://azure.archive.ubuntu.com/ubuntu/pool/main/o/openssl/libssl3_3.0.2-0ubuntu1.15_amd64.deb  Connection failed [IP: 52.147.219.192 80]\nE: Unable to fetch some archives, maybe run apt-get update or try with --fix-missing?`,
  ),
  t(
    'aws throttling',
    `An error occurred (Throttling) when calling the DescribeStacks operation (reached max retries: 4): Rate exceeded`,
  ),
  t(
    'aws service unavailable',
    `An error occurred (ServiceUnavailable) when calling the UpdateService operation (reached max retries: 2): Service Unavailable`,
  ),
  t(
    'terraform registry 502',
    `│ Error: Failed to install provider\n│\n│ Error while installing hashicorp/aws v5.31.0: could not query provider registry for registry.terraform.io/hashicorp/aws: failed to retrieve authentication checksums for provider: 502 Bad Gateway`,
  ),
  t('kubectl i/o timeout', `Unable to connect to the server: dial tcp 20.61.14.9:443: i/o timeout`),
  t(
    'helm cluster unreachable',
    `Error: INSTALLATION FAILED: Kubernetes cluster unreachable: Get "https://acme-aks-dns-1f2e.hcp.westeurope.azmk8s.io:443/version": net/http: TLS handshake timeout`,
  ),
  t('github api rate limit', `HttpError: API rate limit exceeded for installation ID 41234567.`),
  t(
    'github secondary rate limit',
    `RequestError [HttpError]: You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0C41:2A5E:1F2C3D:3E4F5A:6577B1C2.`,
  ),
  t(
    'codecov upstream 503',
    `[2026-11-20T10:21:09.322Z] ['error'] There was an error running the uploader: Error uploading to https://codecov.io: Error: There was an error fetching the storage URL during POST: 503 - upstream connect error or disconnect/reset before headers. reset reason: connection failure`,
  ),
  t(
    'docker daemon registry 503',
    `Error response from daemon: received unexpected HTTP status: 503 Service Unavailable`,
  ),
  t(
    'buildkit dns server misbehaving',
    `ERROR: failed to solve: node:20: failed to do request: Head "https://registry-1.docker.io/v2/library/node/manifests/20": dial tcp: lookup registry-1.docker.io on 127.0.0.53:53: server misbehaving`,
  ),
  t(
    'octokit bad gateway',
    `RequestError [HttpError]: Bad Gateway\n    at /home/runner/work/_actions/actions/github-script/v7/dist/index.js:9537:21 {\n  status: 502,`,
  ),
  t(
    'ssh port 22 timed out',
    `ssh: connect to host github.com port 22: Connection timed out\nfatal: Could not read from remote repository.`,
  ),
  t(
    'git 504',
    `error: RPC failed; HTTP 504 curl 22 The requested URL returned error: 504\nfatal: expected flush after ref listing`,
  ),
  t(
    'nuget service index',
    `/home/runner/work/app/app/App.csproj : error NU1301: Unable to load the service index for source https://api.nuget.org/v3/index.json.`,
  ),
  t(
    'connect etimedout',
    `Error: connect ETIMEDOUT 140.82.112.6:443\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)`,
  ),
  t(
    'git remote hung up',
    `error: RPC failed; curl 18 transfer closed with outstanding read data remaining\nfatal: the remote end hung up unexpectedly\nfatal: early EOF\nfatal: index-pack failed`,
  ),
  t(
    'homebrew reset by peer',
    `curl: (56) Recv failure: Connection reset by peer\nError: Failed to download resource "openssl@3"\nDownload failed: https://ghcr.io/v2/homebrew/core/openssl/3/blobs/sha256:1d4b`,
  ),
  t(
    'gradle wrapper read timed out',
    `Downloading https://services.gradle.org/distributions/gradle-8.5-bin.zip\nException in thread "main" java.net.SocketTimeoutException: Read timed out\n\tat org.gradle.wrapper.Download.downloadInternal(Download.java:129)`,
  ),

  // Deterministic: the code, the config or a permission; a re-run fails the same way.
  d(
    'setup-node unknown version',
    `Error: Unable to find Node version '20.99.0' for platform linux and architecture x64.`,
  ),
  d(
    'setup-python version not found',
    `Error: The version '3.13.99' with architecture 'x64' was not found for Ubuntu 24.04.\nThe list of all available versions can be found here: https://raw.githubusercontent.com/actions/python-versions/main/versions-manifest.json`,
  ),
  d(
    'apt 404',
    `E: Failed to fetch http://archive.ubuntu.com/ubuntu/pool/main/c/curl/curl_7.81.0-1ubuntu1.14_amd64.deb  404  Not Found [IP: 185.125.190.36 80]\nE: Unable to fetch some archives, maybe run apt-get update or try with --fix-missing?`,
  ),
  d(
    'aws access denied',
    `upload failed: dist/index.html to s3://acme-site/index.html An error occurred (AccessDenied) when calling the PutObject operation: Access Denied`,
  ),
  d(
    'terraform unsupported argument',
    `│ Error: Unsupported argument\n│\n│   on main.tf line 12, in resource "aws_instance" "web":\n│   12:   instance_typ = "t3.micro"\n│\n│ An argument named "instance_typ" is not expected here. Did you mean "instance_type"?`,
  ),
  d(
    'npm e404',
    `npm error code E404\nnpm error 404 Not Found - GET https://registry.npmjs.org/@acme%2fmissing-lib - Not found\nnpm error 404\nnpm error 404  '@acme/missing-lib@^1.0.0' is not in this registry.`,
  ),
  d(
    'npm eresolve',
    `npm error code ERESOLVE\nnpm error ERESOLVE unable to resolve dependency tree\nnpm error Could not resolve dependency:\nnpm error peer react@"^17.0.0" from react-dom@17.0.2`,
  ),
  d(
    'jest test timeout',
    `thrown: "Exceeded timeout of 5000 ms for a test.\nAdd a timeout value to this test to increase the timeout, if this is a long-running test. See https://jestjs.io/docs/api#testname-fn-timeout."`,
  ),
  d(
    'cypress timed out retrying',
    `CypressError: Timed out retrying after 4000ms: Expected to find element: \`[data-test=submit]\`, but never found it.`,
  ),
  d('go test timed out', `panic: test timed out after 10m0s\nrunning tests:\n\tTestCheckoutFlow (10m0s)`),
  d(
    'python localhost refused',
    `requests.exceptions.ConnectionError: HTTPConnectionPool(host='localhost', port=8000): Max retries exceeded with url: /health (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f2a>: Failed to establish a new connection: [Errno 111] Connection refused'))`,
  ),
  d(
    'psql localhost refused',
    `psql: error: connection to server at "localhost" (127.0.0.1), port 5432 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?`,
  ),
  d(
    'docker build step failed',
    `ERROR: failed to solve: process "/bin/sh -c npm run build" did not complete successfully: exit code: 1`,
  ),
  d(
    'docker manifest unknown',
    `Error response from daemon: manifest for acme/api:v9.9.9 not found: manifest unknown: manifest unknown`,
  ),
  d('docker push denied', `denied: requested access to the resource is denied`),
  d('input required', `Error: Input required and not supplied: token`),
  d('resource not accessible', `Error: HttpError: Resource not accessible by integration`),
  d('linker not found', `error: linker \`cc\` not found\n  |\n  = note: No such file or directory (os error 2)`),
  d('python module not found', `ModuleNotFoundError: No module named 'requests'`),
  d(
    'ts cannot find module',
    `src/index.ts(3,24): error TS2307: Cannot find module './config' or its corresponding type declarations.`,
  ),
  d(
    'ssh publickey denied',
    `git@github.com: Permission denied (publickey).\nfatal: Could not read from remote repository.`,
  ),
  d(
    'pip no matching version',
    `ERROR: Could not find a version that satisfies the requirement torch==9.9.9 (from versions: 2.2.0, 2.2.1, 2.3.0)\nERROR: No matching distribution found for torch==9.9.9`,
  ),
  d(
    'nuget package not found',
    `error NU1101: Unable to find package Acme.Missing. No packages exist with this id in source(s): nuget.org`,
  ),
  d('enoent dist', `Error: ENOENT: no such file or directory, open '/home/runner/work/app/app/dist/index.js'`),
  d('remote ref missing', `fatal: couldn't find remote ref refs/heads/feature-x`),
  d('homebrew no formula', `Error: No available formula with the name "nodejs@99".`),
  d('syntax error', `SyntaxError: Unexpected token '}'\n    at internalCompileFunction (node:internal/vm:76:18)`),
  d(
    'npm eintegrity',
    `npm error code EINTEGRITY\nnpm error sha512-AbCd== integrity checksum failed when using sha512: wanted sha512-AbCd== but got sha512-XyZw==. (12345 bytes)`,
  ),
  d(
    'kubectl forbidden',
    `Error from server (Forbidden): deployments.apps "web" is forbidden: User "system:serviceaccount:ci:deployer" cannot patch resource "deployments" in API group "apps" in the namespace "prod"`,
  ),
  d(
    'playwright expect timeout',
    `Error: Timed out 5000ms waiting for expect(locator).toBeVisible()\n\nLocator: getByRole('button', { name: 'Pay' })\nExpected: visible\nReceived: <element(s) not found>`,
  ),
];
