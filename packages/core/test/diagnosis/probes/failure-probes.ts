/**
 * A probe set for the failure classifier, written by hand from the messages real tools print (apt,
 * Maven, Gradle, NuGet/.NET, Go, pip, npm/yarn/pnpm, Docker, cargo, git, curl, CDNs, GitHub's
 * GraphQL API, the Actions runner) — not from the development set. Each transient probe is a
 * failure a re-run fixes; each deterministic probe is a look-alike that a re-run cannot fix.
 */
export type Label = 'transient' | 'deterministic';

export interface FailureProbe {
  readonly name: string;
  readonly log: string;
  readonly label: Label;
}

const t = (name: string, log: string): FailureProbe => ({ name, log, label: 'transient' });
const d = (name: string, log: string): FailureProbe => ({ name, log, label: 'deterministic' });

export const TRANSIENT_PROBES: readonly FailureProbe[] = [
  // apt
  t(
    'apt 503 fetch',
    `E: Failed to fetch http://azure.archive.ubuntu.com/ubuntu/pool/main/c/curl/curl_8.5.0-2ubuntu10.6_amd64.deb  503  Service Unavailable [IP: 52.147.219.192 80]\nE: Unable to fetch some archives, maybe run apt-get update or try with --fix-missing?`,
  ),
  t(
    'apt resolve',
    `Err:1 http://archive.ubuntu.com/ubuntu noble InRelease\n  Temporary failure resolving 'archive.ubuntu.com'\nE: Failed to fetch http://archive.ubuntu.com/ubuntu/dists/noble/InRelease  Temporary failure resolving 'archive.ubuntu.com'`,
  ),
  t(
    'apt connect timeout',
    `Err:7 http://security.ubuntu.com/ubuntu noble-security/main amd64 libssl3t64 amd64 3.0.13-0ubuntu3.5\n  Could not connect to security.ubuntu.com:80 (185.125.190.39), connection timed out\nE: Unable to fetch some archives`,
  ),
  t(
    'apt hash sum mismatch',
    `E: Failed to fetch https://packages.microsoft.com/ubuntu/24.04/prod/dists/noble/main/binary-amd64/Packages.bz2  File has unexpected size (52345 != 52101). Mirror sync in progress? [IP: 13.107.246.40 443]\n   Hashes of expected file:\nE: Some index files failed to download. They have been ignored, or old ones used instead.`,
  ),
  // Maven
  t(
    'maven connection reset',
    `[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.2.5:test (default-test) on project shop: Execution default-test of goal org.apache.maven.plugins:maven-surefire-plugin:3.2.5:test failed: Plugin org.apache.maven.plugins:maven-surefire-plugin:3.2.5 or one of its dependencies could not be resolved: Could not transfer artifact org.apache.maven.surefire:surefire-api:jar:3.2.5 from/to central (https://repo.maven.apache.org/maven2): Connection reset`,
  ),
  t(
    'maven 502',
    `[ERROR] Failed to execute goal on project api: Could not resolve dependencies for project com.acme:api:jar:1.4.0: Could not transfer artifact io.netty:netty-codec-http:jar:4.1.108.Final from/to central (https://repo.maven.apache.org/maven2): status code: 502, reason phrase: Bad Gateway (502)`,
  ),
  t(
    'maven connect timed out',
    `[ERROR] Plugin org.codehaus.mojo:exec-maven-plugin:3.1.0 or one of its dependencies could not be resolved: Failed to read artifact descriptor for org.codehaus.mojo:exec-maven-plugin:jar:3.1.0: The following artifacts could not be resolved: org.codehaus.mojo:exec-maven-plugin:pom:3.1.0 (absent): Could not transfer artifact org.codehaus.mojo:exec-maven-plugin:pom:3.1.0 from/to central (https://repo.maven.apache.org/maven2): Connect to repo.maven.apache.org:443 [repo.maven.apache.org/146.75.116.215] failed: Connect timed out`,
  ),
  t(
    'maven unknown host',
    `[ERROR] Non-resolvable parent POM for com.acme:web:1.0.0: The following artifacts could not be resolved: org.springframework.boot:spring-boot-starter-parent:pom:3.3.0 (absent): Could not transfer artifact org.springframework.boot:spring-boot-starter-parent:pom:3.3.0 from/to central (https://repo.maven.apache.org/maven2): repo.maven.apache.org: Temporary failure in name resolution`,
  ),
  // Gradle
  t(
    'gradle 502 plugin portal',
    `* What went wrong:\nA problem occurred configuring root project 'app'.\n> Could not resolve all files for configuration ':classpath'.\n   > Could not resolve com.android.tools.build:gradle:8.5.0.\n      > Could not get resource 'https://plugins.gradle.org/m2/com/android/tools/build/gradle/8.5.0/gradle-8.5.0.pom'.\n         > Could not GET 'https://plugins.gradle.org/m2/com/android/tools/build/gradle/8.5.0/gradle-8.5.0.pom'. Received status code 502 from server: Bad Gateway`,
  ),
  t(
    'gradle 429',
    `> Could not GET 'https://repo.maven.apache.org/maven2/org/jetbrains/kotlin/kotlin-stdlib/2.0.0/kotlin-stdlib-2.0.0.pom'. Received status code 429 from server: Too Many Requests`,
  ),
  t(
    'gradle wrapper download reset',
    `Downloading https://services.gradle.org/distributions/gradle-8.7-bin.zip\nException in thread "main" java.net.SocketException: Connection reset\n\tat java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:318)`,
  ),
  t(
    'gradle read timed out',
    `> Could not resolve org.jetbrains.kotlin:kotlin-gradle-plugin:2.0.0.\n   > Could not get resource 'https://dl.google.com/dl/android/maven2/org/jetbrains/kotlin/kotlin-gradle-plugin/2.0.0/kotlin-gradle-plugin-2.0.0.pom'.\n      > Could not GET 'https://dl.google.com/dl/android/maven2/org/jetbrains/kotlin/kotlin-gradle-plugin/2.0.0/kotlin-gradle-plugin-2.0.0.pom'.\n         > Read timed out`,
  ),
  t(
    'gradle unknown host',
    `Exception in thread "main" java.net.UnknownHostException: services.gradle.org\n\tat java.base/sun.nio.ch.NioSocketImpl.connect(NioSocketImpl.java:567)`,
  ),
  // NuGet / .NET
  t(
    'nuget service index',
    `/home/runner/work/shop/shop/src/Api/Api.csproj : error NU1301: Unable to load the service index for source https://api.nuget.org/v3/index.json. [/home/runner/work/shop/shop/Shop.sln]`,
  ),
  t(
    'nuget remote source',
    `error NU1301: Failed to retrieve information about 'Microsoft.Extensions.Logging' from remote source 'https://api.nuget.org/v3-flatcontainer/microsoft.extensions.logging/index.json'.\n  The SSL connection could not be established, see inner exception.`,
  ),
  t(
    'dotnet response ended prematurely',
    `Failed to download package 'Newtonsoft.Json.13.0.3' from 'https://api.nuget.org/v3-flatcontainer/newtonsoft.json/13.0.3/newtonsoft.json.13.0.3.nupkg'.\nAn error occurred while sending the request.\n  The response ended prematurely.`,
  ),
  t(
    'dotnet 503',
    `error : Response status code does not indicate success: 503 (Service Unavailable). [/home/runner/work/a/a/a.csproj]`,
  ),
  // Go
  t(
    'go proxy i/o timeout',
    `go: downloading github.com/stretchr/testify v1.9.0\ngo: github.com/stretchr/testify@v1.9.0: Get "https://proxy.golang.org/github.com/stretchr/testify/@v/v1.9.0.zip": dial tcp 142.250.72.113:443: i/o timeout`,
  ),
  t(
    'go tls handshake timeout',
    `verifying github.com/google/uuid@v1.6.0: github.com/google/uuid@v1.6.0: Get "https://sum.golang.org/lookup/github.com/google/uuid@v1.6.0": net/http: TLS handshake timeout`,
  ),
  t(
    'go dns server misbehaving',
    `go: github.com/spf13/cobra@v1.8.0: Get "https://proxy.golang.org/github.com/spf13/cobra/@v/v1.8.0.mod": dial tcp: lookup proxy.golang.org on 127.0.0.53:53: server misbehaving`,
  ),
  t(
    'go proxy 502',
    `go: github.com/aws/aws-sdk-go-v2@v1.30.0: reading https://proxy.golang.org/github.com/aws/aws-sdk-go-v2/@v/v1.30.0.zip: 502 Bad Gateway`,
  ),
  t(
    'go unexpected eof',
    `go: github.com/prometheus/client_golang@v1.19.0: read "https://proxy.golang.org/@v/v1.19.0.zip": stream error: stream ID 13; INTERNAL_ERROR; received from peer`,
  ),
  // pip
  t(
    'pip read timeout',
    `pip._vendor.urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool(host='files.pythonhosted.org', port=443): Read timed out.`,
  ),
  t(
    'pip connection reset',
    `ERROR: Could not install packages due to an OSError: HTTPSConnectionPool(host='files.pythonhosted.org', port=443): Max retries exceeded with url: /packages/9c/numpy-2.0.0.tar.gz (Caused by ProtocolError('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer')))`,
  ),
  t(
    'pip network unreachable',
    `WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno 101] Network is unreachable')': /simple/requests/\nERROR: Could not find a version that satisfies the requirement requests (from versions: none)\nERROR: No matching distribution found for requests`,
  ),
  // npm / yarn / pnpm
  t(
    'npm econnreset',
    `npm error code ECONNRESET\nnpm error network aborted\nnpm error network This is a problem related to network connectivity.`,
  ),
  t(
    'npm socket hang up',
    `npm ERR! network request to https://registry.npmjs.org/typescript/-/typescript-5.6.3.tgz failed, reason: socket hang up`,
  ),
  t(
    'npm eai_again',
    `npm error code EAI_AGAIN\nnpm error syscall getaddrinfo\nnpm error errno EAI_AGAIN\nnpm error request to https://registry.npmjs.org/esbuild failed, reason: getaddrinfo EAI_AGAIN registry.npmjs.org`,
  ),
  t('npm 503', `npm ERR! code E503\nnpm ERR! 503 Service Unavailable - GET https://registry.npmjs.org/@types%2fnode`),
  t(
    'yarn esockettimedout',
    `error An unexpected error occurred: "https://registry.yarnpkg.com/@babel/core/-/core-7.25.2.tgz: ESOCKETTIMEDOUT".`,
  ),
  t(
    'yarn network trouble',
    `info There appears to be trouble with your network connection. Retrying...\nerror Error: https://registry.yarnpkg.com/react: getaddrinfo ENOTFOUND registry.yarnpkg.com`,
  ),
  t(
    'pnpm meta fetch fail',
    ` ERR_PNPM_META_FETCH_FAIL  GET https://registry.npmjs.org/vite: request to https://registry.npmjs.org/vite failed, reason: read ECONNRESET`,
  ),
  t(
    'pnpm socket timeout',
    ` WARN  GET https://registry.npmjs.org/rollup error (ERR_SOCKET_TIMEOUT). Will retry in 1 minute. 1 retries left.\n ERR_SOCKET_TIMEOUT  Socket timeout`,
  ),
  // Docker
  t(
    'docker client timeout',
    `Error response from daemon: Get "https://registry-1.docker.io/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)`,
  ),
  t(
    'docker no such host cdn',
    `error pulling image configuration: download failed after attempts=6: dial tcp: lookup production.cloudflare.docker.com on 127.0.0.53:53: no such host`,
  ),
  t(
    'docker 503 status',
    `failed to solve: node:22-alpine: failed to resolve source metadata for docker.io/library/node:22-alpine: unexpected status from HEAD request to https://registry-1.docker.io/v2/library/node/manifests/22-alpine: 503 Service Unavailable`,
  ),
  t(
    'docker oauth token 502',
    `ERROR: failed to solve: failed to fetch oauth token: unexpected status from GET request to https://auth.docker.io/token?scope=repository%3Alibrary%2Fpython%3Apull&service=registry.docker.io: 502 Bad Gateway`,
  ),
  t(
    'ghcr tls reset',
    `Error: buildx failed with: ERROR: failed to push ghcr.io/acme/api:sha-1f2e3d: failed to do request: Head "https://ghcr.io/v2/acme/api/blobs/sha256:9f86d0": read tcp 10.1.0.4:53902->140.82.113.33:443: read: connection reset by peer`,
  ),
  // cargo
  t(
    'cargo spurious',
    `warning: spurious network error (3 tries remaining): [28] Timeout was reached (Operation timed out after 30001 milliseconds with 0 bytes received)\nerror: failed to download from \`https://static.crates.io/crates/serde/1.0.210/download\``,
  ),
  t(
    'cargo ssl connect',
    `error: failed to get \`tokio\` as a dependency of package \`api v0.1.0\`\nCaused by:\n  download of config.json failed\nCaused by:\n  failed to download from \`https://index.crates.io/config.json\`\nCaused by:\n  [35] SSL connect error (OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to index.crates.io:443)`,
  ),
  t('cargo 503', `error: failed to get 200 response from \`https://index.crates.io/se/rd/serde_derive\`, got 503`),
  // git
  t(
    'git could not resolve host',
    `fatal: unable to access 'https://github.com/acme/shared-config/': Could not resolve host: github.com\nError: The process '/usr/bin/git' failed with exit code 128`,
  ),
  t(
    'git rpc failed http2',
    `error: RPC failed; curl 92 HTTP/2 stream 5 was not closed cleanly: CANCEL (err 8)\nerror: 4253 bytes of body are still expected\nfetch-pack: unexpected disconnect while reading sideband packet\nfatal: early EOF\nfatal: fetch-pack: invalid index-pack output`,
  ),
  t(
    'git remote 500',
    `remote: Internal Server Error\nfatal: unable to access 'https://github.com/acme/web/': The requested URL returned error: 500`,
  ),
  t(
    'git ssh timeout',
    `ssh: connect to host github.com port 22: Connection timed out\nfatal: Could not read from remote repository.`,
  ),
  t(
    'git gnutls',
    `fatal: unable to access 'https://gitlab.example.com/acme/lib.git/': gnutls_handshake() failed: The TLS connection was non-properly terminated.`,
  ),
  t(
    'checkout retry exhausted',
    `The process '/usr/bin/git' failed with exit code 128\nWaiting 14 seconds before trying again\nError: fatal: unable to access 'https://github.com/acme/web/': Failed to connect to github.com port 443 after 134103 ms: Couldn't connect to server`,
  ),
  // curl / wget / CDN
  t(
    'curl recv failure',
    `curl: (56) Recv failure: Connection reset by peer\nError: Process completed with exit code 56.`,
  ),
  t(
    'curl operation timed out',
    `curl: (28) Operation timed out after 300000 milliseconds with 48234496 out of 104857600 bytes received`,
  ),
  t('curl 502', `curl: (22) The requested URL returned error: 502\nError: Process completed with exit code 22.`),
  t('curl transfer closed', `curl: (18) transfer closed with 18377 bytes remaining to read`),
  t('curl http2 internal error', `curl: (92) HTTP/2 stream 1 was not closed cleanly: INTERNAL_ERROR (err 2)`),
  t(
    'wget 504',
    `--2026-12-01 10:12:03--  https://downloads.example.org/tool-1.2.3.tar.gz\nHTTP request sent, awaiting response... 504 Gateway Time-out\n2026-12-01 10:13:03 ERROR 504: Gateway Time-out.`,
  ),
  t(
    'cloudflare 522',
    `Error: Failed to download https://releases.example.com/cli/v2.4.0/cli-linux-x64.tar.gz: <title>example.com | 522: Connection timed out</title>`,
  ),
  t(
    'cloudflare 520',
    `Unexpected response 520: Web server is returning an unknown error (Cloudflare Ray ID: 8f2a1b3c4d5e6f70)`,
  ),
  t('cloudflare 524', `HTTP 524: A timeout occurred (Cloudflare)`),
  t('fastly between bytes', `Error 503 first byte timeout\nVarnish cache server`),
  t(
    'between bytes timeout',
    `Error: request to https://cdn.example.net/assets/bundle.tar failed: timeout between bytes exceeded (60s)`,
  ),
  t(
    'varnish backend fetch failed',
    `Error 503 Backend fetch failed\nBackend fetch failed\nGuru Meditation:\nXID: 178203945`,
  ),
  t(
    'cloudfront could not be satisfied',
    `ERROR: 502 Bad Gateway\nThe request could not be satisfied.\nCloudFront attempted to establish a connection with the origin, but either the attempt failed or the origin closed the connection.`,
  ),
  // TLS / proxy
  t(
    'tls handshake timeout',
    `Error: Get "https://objects.githubusercontent.com/github-production-release-asset/123": net/http: TLS handshake timeout`,
  ),
  t(
    'ssl eof',
    `requests.exceptions.SSLError: HTTPSConnectionPool(host='pypi.org', port=443): Max retries exceeded with url: /simple/pip/ (Caused by SSLError(SSLEOFError(8, 'EOF occurred in violation of protocol (_ssl.c:2427)')))`,
  ),
  t(
    'proxy connect 502',
    `curl: (56) CONNECT tunnel failed, response 502\nReceived HTTP code 502 from proxy after CONNECT`,
  ),
  t(
    'proxyconnect refused',
    `Error: Get "https://registry.terraform.io/.well-known/terraform.json": proxyconnect tcp: dial tcp 10.20.0.5:3128: connect: connection refused`,
  ),
  // GraphQL / GitHub API
  t(
    'graphql something went wrong',
    `GraphqlResponseError: Request failed due to following response errors:\n - Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug. Please include \`C2A4:3B8E:1F2D3C4:2E3F4A5:6763E7A1\` when reporting this issue.`,
  ),
  t(
    'graphql service unavailable',
    `{"errors":[{"type":"SERVICE_UNAVAILABLE","message":"Service temporarily unavailable, please retry."}]}`,
  ),
  t(
    'graphql 502',
    `Error: Request failed due to following response errors: HttpError: 502 Bad Gateway: {"data": null, "errors":[{"message":"Server Error"}]}`,
  ),
  t(
    'github api secondary rate limit',
    `RequestError [HttpError]: You have exceeded a secondary rate limit. Please wait a few minutes before you try again.`,
  ),
  t(
    'action download 503',
    `Download action repository 'actions/setup-node@v4' (SHA:39370e3970a6d050c480ffad4ff0ed4d3fdee5af)\nWarning: Failed to download action 'https://api.github.com/repos/actions/setup-node/tarball/39370e39'. Error: Response status code does not indicate success: 503 (Service Unavailable).\nError: Response status code does not indicate success: 503 (Service Unavailable).`,
  ),
  t(
    'artifact upload econnreset',
    `Error: Failed to CreateArtifact: Unable to make request: ECONNRESET\nIf you are using self-hosted runners, please make sure your runner has access to all GitHub endpoints`,
  ),
  t('cache service 503', `Error: Failed to save: Cache service responded with 503`),
  // runner
  t(
    'runner shutdown',
    `##[error]The runner has received a shutdown signal. This can happen when the runner service is stopped, or a manually started runner is canceled.`,
  ),
  t(
    'runner lost communication',
    `The self-hosted runner: ci-runner-07 lost communication with the server. Verify the machine is running and has a healthy network connection. Anything in your workflow that terminates the runner process, starves it for CPU/Memory, or blocks its network access can cause this error.`,
  ),
  t('hosted runner error', `The hosted runner encountered an error while running your job. (Error Type: Disconnect).`),
  t(
    'apt lock held',
    `E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 2331 (unattended-upgr)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?`,
  ),
  t(
    'docker hub pull limit',
    `Error response from daemon: toomanyrequests: You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit`,
  ),
  t(
    'terraform registry 503',
    `│ Error: Failed to query available provider packages\n│ Could not retrieve the list of available versions for provider hashicorp/aws: could not connect to registry.terraform.io: failed to request discovery document: 503 Service Unavailable`,
  ),
  t(
    'helm repo timeout',
    `Error: looks like "https://charts.bitnami.com/bitnami" is not a valid chart repository or cannot be reached: Get "https://charts.bitnami.com/bitnami/index.yaml": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
  ),
];

export const DETERMINISTIC_PROBES: readonly FailureProbe[] = [
  // a package that does not exist
  d(
    'npm 404 package',
    `npm error code E404\nnpm error 404 Not Found - GET https://registry.npmjs.org/@acme%2fnot-a-package - Not found\nnpm error 404  '@acme/not-a-package@^1.0.0' is not in this registry.`,
  ),
  d(
    'pip no matching distribution',
    `ERROR: Could not find a version that satisfies the requirement torch==9.9.9 (from versions: 2.3.0, 2.3.1, 2.4.0)\nERROR: No matching distribution found for torch==9.9.9`,
  ),
  d(
    'maven could not find artifact',
    `[ERROR] Failed to execute goal on project api: Could not resolve dependencies for project com.acme:api:jar:1.4.0: Could not find artifact com.acme:internal-lib:jar:2.0.0 in central (https://repo.maven.apache.org/maven2) -> [Help 1]`,
  ),
  d(
    'gradle could not find',
    `> Could not resolve all files for configuration ':app:debugRuntimeClasspath'.\n   > Could not find com.acme:widgets:3.1.0.\n     Searched in the following locations:\n       - https://repo.maven.apache.org/maven2/com/acme/widgets/3.1.0/widgets-3.1.0.pom\n     Required by:\n         project :app`,
  ),
  d(
    'nuget unable to find package',
    `/home/runner/work/a/a/src/App.csproj : error NU1101: Unable to find package Acme.Widgets. No packages exist with this id in source(s): nuget.org`,
  ),
  d(
    'nuget version not found',
    `error NU1102: Unable to find package Serilog with version (>= 99.0.0)\n  - Found 312 version(s) in nuget.org [ Nearest version: 4.1.0 ]`,
  ),
  d(
    'go module 404',
    `go: github.com/acme/does-not-exist@v1.0.0: reading https://proxy.golang.org/github.com/acme/does-not-exist/@v/v1.0.0.mod: 404 Not Found\n\tserver response: not found: github.com/acme/does-not-exist@v1.0.0: invalid version: unknown revision v1.0.0`,
  ),
  d(
    'cargo no matching package',
    `error: no matching package named \`serde_jsonn\` found\nlocation searched: registry \`crates-io\`\nrequired by package \`api v0.1.0 (/home/runner/work/api/api)\``,
  ),
  d('apt unable to locate', `Reading package lists...\nE: Unable to locate package libssl1.1`),
  d('apt no installation candidate', `E: Package 'python2' has no installation candidate`),
  d(
    'docker manifest unknown',
    `Error response from daemon: manifest for ghcr.io/acme/api:v9.9.9 not found: manifest unknown: manifest unknown`,
  ),
  d(
    'docker pull access denied',
    `Error response from daemon: pull access denied for acme/private-base, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
  ),
  d(
    'action version not found',
    `Error: Unable to resolve action \`actions/checkout@v9\`, unable to find version \`v9\``,
  ),
  d(
    'terraform provider not found',
    `│ Error: Failed to query available provider packages\n│ Could not retrieve the list of available versions for provider acme/widgets: provider registry registry.terraform.io does not have a provider named registry.terraform.io/acme/widgets`,
  ),
  // permissions and credentials
  d(
    'resource not accessible',
    `Error: Resource not accessible by integration\nhttps://docs.github.com/rest/issues/comments#create-an-issue-comment`,
  ),
  d(
    'git push 403',
    `remote: Permission to acme/web.git denied to github-actions[bot].\nfatal: unable to access 'https://github.com/acme/web/': The requested URL returned error: 403`,
  ),
  d('bad credentials', `HttpError: Bad credentials - https://docs.github.com/rest`),
  d(
    'npm publish 403',
    `npm error code E403\nnpm error 403 403 Forbidden - PUT https://registry.npmjs.org/@acme%2fwidgets - You do not have permission to publish "@acme/widgets". Are you logged in as the correct user?`,
  ),
  d(
    'eacces',
    `npm error code EACCES\nnpm error syscall mkdir\nnpm error path /usr/local/lib/node_modules/pnpm\nnpm error errno -13\nnpm error Error: EACCES: permission denied, mkdir '/usr/local/lib/node_modules/pnpm'`,
  ),
  d(
    'aws access denied',
    `An error occurred (AccessDenied) when calling the PutObject operation: User: arn:aws:sts::123456789012:assumed-role/gha-deploy/GitHubActions is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::acme-site/index.html" because no identity-based policy allows the s3:PutObject action`,
  ),
  d(
    'go private module auth',
    `go: github.com/acme/private-lib@v0.3.0: invalid version: git ls-remote -q origin in /home/runner/go/pkg/mod/cache/vcs/3f2a: exit status 128:\n\tfatal: could not read Username for 'https://github.com': terminal prompts disabled`,
  ),
  d(
    'proxy auth required',
    `curl: (56) CONNECT tunnel failed, response 407\nReceived HTTP code 407 from proxy after CONNECT`,
  ),
  d(
    'x509 unknown authority',
    `Error: Get "https://registry.internal.example/v2/": tls: failed to verify certificate: x509: certificate signed by unknown authority`,
  ),
  d(
    'certificate expired',
    `curl: (60) SSL certificate problem: certificate has expired\nMore details here: https://curl.se/docs/sslcerts.html`,
  ),
  d(
    'graphql not found',
    `GraphqlResponseError: Request failed due to following response errors:\n - Could not resolve to a Repository with the name 'acme/does-not-exist'.`,
  ),
  d(
    'graphql field does not exist',
    `GraphqlResponseError: Request failed due to following response errors:\n - Field 'projectsV3' doesn't exist on type 'Repository'`,
  ),
  d(
    'graphql forbidden',
    `{"errors":[{"type":"FORBIDDEN","path":["repository","vulnerabilityAlerts"],"message":"Resource not accessible by integration"}]}`,
  ),
  // tests that time out because they hang, and application errors under test
  d(
    'jest test timeout',
    `  ● checkout › retries the payment\n\n    thrown: "Exceeded timeout of 5000 ms for a test.\n    Add a timeout value to this test to increase the timeout, if this is a long-running test. See https://jestjs.io/docs/api#testname-fn-timeout."`,
  ),
  d(
    'mocha timeout',
    `  1) api\n       GET /orders returns 200:\n     Error: Timeout of 2000ms exceeded. For async tests and hooks, ensure "done()" is called; if returning a Promise, ensure it resolves.`,
  ),
  d(
    'go test timed out',
    `panic: test timed out after 10m0s\n\trunning tests:\n\t\tTestQueueDrain (9m59s)\n\ngoroutine 42 [chan receive]:`,
  ),
  d('pytest timeout', `FAILED tests/test_sync.py::test_sync_waits_for_lock - Failed: Timeout >300.0s`),
  d(
    'app returns 500 in a test',
    `  ● POST /api/orders › creates an order\n\n    expected 201 "Created", got 500 "Internal Server Error"\n\nTests:       1 failed, 41 passed, 42 total`,
  ),
  d(
    'connection refused to a local service in tests',
    `  ● db › migrates\n\n    connect ECONNREFUSED 127.0.0.1:5432\n\nTest Suites: 1 failed, 9 passed, 10 total`,
  ),
  d(
    'test asserts on a network error message',
    `FAIL src/http/retry.test.ts\n  ● retry › gives up after ECONNRESET\n\n    expect(received).toBe(expected) // Object.is equality\n\n    Expected: 3\n    Received: 2`,
  ),
  d(
    'job exceeded max execution time',
    `##[error]The job running on runner GitHub Actions 12 has exceeded the maximum execution time of 360 minutes.`,
  ),
  d(
    'playwright test timeout',
    `  1) [chromium] › checkout.spec.ts:12:5 › pays with a card ─────\n\n    Test timeout of 30000ms exceeded.\n\n    Error: page.click: Target page, context or browser has been closed`,
  ),
  // other deterministic failures that mention network words
  d(
    'lockfile frozen',
    ` ERR_PNPM_OUTDATED_LOCKFILE  Cannot install with "frozen-lockfile" because pnpm-lock.yaml is not up to date with package.json`,
  ),
  d(
    'npm ci lock mismatch',
    `npm error code EUSAGE\nnpm error \`npm ci\` can only install packages when your package.json and package-lock.json or npm-shrinkwrap.json are in sync.`,
  ),
  d('typescript error', `src/server.ts(42,7): error TS2322: Type 'string' is not assignable to type 'number'.`),
  d(
    'invalid workflow',
    `Invalid workflow file: .github/workflows/ci.yml#L12\nThe workflow is not valid. .github/workflows/ci.yml (Line: 12, Col: 9): Unexpected value 'runs-on'`,
  ),
  d('missing secret', `Error: Input required and not supplied: token`),
  d(
    'oom killed',
    `FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n 1: 0xb9c1f0 node::Abort() [node]`,
  ),
  d(
    'disk full',
    `System.IO.IOException: No space left on device : '/home/runner/runners/2.321.0/_diag/Worker_20261201.log'`,
  ),
  d(
    'eslint',
    `/home/runner/work/web/web/src/app.ts\n  12:7  error  'unused' is assigned a value but never used  @typescript-eslint/no-unused-vars\n\n✖ 1 problem (1 error, 0 warnings)`,
  ),
  d('python import error', `ModuleNotFoundError: No module named 'requests_toolbelt'`),
  d(
    'helm chart not found',
    `Error: chart "nginx-ingress" version "9.9.9" not found in https://kubernetes.github.io/ingress-nginx repository`,
  ),
  d(
    'docker build step fails',
    `ERROR: failed to solve: process "/bin/sh -c npm run build" did not complete successfully: exit code: 2`,
  ),
];

export const FAILURE_PROBES: readonly FailureProbe[] = [...TRANSIENT_PROBES, ...DETERMINISTIC_PROBES];
