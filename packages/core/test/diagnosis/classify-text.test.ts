import { describe, expect, it } from '@jest/globals';
import { classifyText, compileRetryPolicy, isInvalidPatternError } from '../../src/index.js';
import { bundled } from './policy-fixture.js';

const policy = bundled();

// Real-world phrasing per cause, from the tools' own messages (npm, yarn, pip, maven, gradle,
// docker, go, cargo, jest, pytest, git, apt, the GitHub runner).
const transientCases: readonly (readonly [string, string])[] = [
  [
    'runner_lost',
    'The self-hosted runner: ci-runner-3 lost communication with the server. Verify the machine is running and has a healthy network connection.',
  ],
  [
    'runner_lost',
    'The hosted runner: GitHub Actions 12 lost communication with the server. Anything in your workflow that terminates the runner process, starves it for CPU/Memory, or blocks its network access can cause this error.',
  ],
  ['runner_lost', 'The hosted runner encountered an error while running your job. (Error Type: Disconnect).'],
  [
    'runner_shutdown',
    '##[error]The runner has received a shutdown signal. This can happen when the runner service is stopped, or a manually started runner is canceled.',
  ],
  ['network', 'npm ERR! code ECONNRESET\nnpm ERR! network aborted'],
  ['network', 'Error: connect ETIMEDOUT 140.82.112.3:443'],
  ['network', 'npm ERR! getaddrinfo EAI_AGAIN registry.npmjs.org'],
  ['network', 'Error: socket hang up'],
  ['network', "fatal: unable to access 'https://github.com/org/repo/': Could not resolve host: github.com"],
  ['network', 'error: RPC failed; curl 56 GnuTLS recv error (-54): Error in the pull function.'],
  [
    'network',
    'go: github.com/pkg/errors@v0.9.1: Get "https://proxy.golang.org/github.com/pkg/errors/@v/v0.9.1.zip": read tcp 10.1.0.4:41234->142.250.72.17:443: read: connection reset by peer',
  ],
  [
    'network',
    "pip._vendor.urllib3.exceptions.ProtocolError: ('Connection broken: IncompleteRead(1000 bytes read, 2000 more expected)', IncompleteRead(1000 bytes read, 2000 more expected))",
  ],
  [
    'network',
    'warning: spurious network error (2 tries remaining): [35] SSL connect error (OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to index.crates.io:443 )',
  ],
  [
    'network',
    'error An unexpected error occurred: "https://registry.yarnpkg.com/react/-/react-18.2.0.tgz: getaddrinfo ENOTFOUND registry.yarnpkg.com".',
  ],
  ['proxy_gateway', 'proxyconnect tcp: dial tcp 10.20.0.5:3128: connect: connection refused'],
  ['proxy_gateway', 'Unexpected response 520: Web server is returning an unknown error (Cloudflare)'],
  [
    'pip_index_unreachable',
    'WARNING: Retrying (Retry(total=4)) after connection broken by \'NewConnectionError("Failed to establish a new connection")\': /simple/flask/\nERROR: No matching distribution found for flask',
  ],
  ['download_timeout', 'net/http: TLS handshake timeout'],
  [
    'download_timeout',
    "ReadTimeoutError: HTTPSConnectionPool(host='files.pythonhosted.org', port=443): Read timed out.",
  ],
  [
    'download_timeout',
    'Error response from daemon: Get "https://registry-1.docker.io/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
  ],
  [
    'download_timeout',
    "> Could not get resource 'https://plugins.gradle.org/m2/x.pom'.\n   > Connect to plugins.gradle.org:443 [plugins.gradle.org/104.16.73.101] failed: Connection timed out",
  ],
  ['registry_5xx', 'npm ERR! 503 Service Unavailable - GET https://registry.npmjs.org/lodash'],
  ['registry_5xx', 'ERROR: HTTP error 502 while getting https://files.pythonhosted.org/packages/x.whl'],
  [
    'registry_5xx',
    "> Could not GET 'https://repo.maven.apache.org/maven2/x.pom'. Received status code 502 from server: Bad Gateway",
  ],
  ['registry_5xx', 'Error response from daemon: received unexpected HTTP status: 503 Service Unavailable'],
  ['github_5xx', 'Warning: Failed to restore: getCacheEntry failed: Cache service responded with 503'],
  [
    'github_5xx',
    "Failed to download action 'https://api.github.com/repos/actions/checkout/tarball/abc'. Error: Response status code does not indicate success: 503 (Service Unavailable).",
  ],
  ['github_5xx', "fatal: unable to access 'https://github.com/o/r.git/': The requested URL returned error: 502"],
  ['rate_limit', 'HttpError: API rate limit exceeded for installation ID 1234567.'],
  ['rate_limit', 'Error: You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'],
  ['rate_limit', 'Error: HttpError: 403 - You have exceeded a secondary rate limit.'],
  ['rate_limit', 'npm ERR! 429 Too Many Requests - GET https://registry.npmjs.org/react'],
  ['package_manager_lock', 'E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 2373 (apt-get)'],
  [
    'network',
    "fatal: unable to access 'https://github.com/o/r/': OpenSSL SSL_connect: Connection was reset in connection to github.com:443",
  ],
  [
    'network',
    'Unable to read data from the transport connection: An existing connection was forcibly closed by the remote host.',
  ],
  [
    'download_timeout',
    '> Connect to repo.maven.apache.org:443 [repo.maven.apache.org/151.101.0.215] failed: connect timed out',
  ],
  [
    'docker_pull_limit',
    'Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading',
  ],
];

const deterministicCases: readonly (readonly [string, string])[] = [
  ['test_failure', 'Tests:       3 failed, 10 passed, 13 total'],
  ['test_failure', 'FAILED tests/test_api.py::test_get_user - AssertionError: assert 404 == 200'],
  ['test_failure', '=================== 2 failed, 41 passed in 3.21s ==================='],
  ['test_failure', '--- FAIL: TestParse (0.00s)\nFAIL\tgithub.com/acme/tool/parse\t0.012s'],
  [
    'test_failure',
    "thread 'tests::it_works' panicked at src/lib.rs:10:5:\nassertion `left == right` failed\ntest result: FAILED. 3 passed; 1 failed",
  ],
  ['test_failure', '[ERROR] Tests run: 12, Failures: 2, Errors: 0, Skipped: 0'],
  ['test_failure', '  3 failing'],
  ['compile_error', "src/index.ts(12,7): error TS2322: Type 'string' is not assignable to type 'number'."],
  [
    'compile_error',
    'error[E0308]: mismatched types\nerror: could not compile `demo` (bin "demo") due to 1 previous error',
  ],
  ['compile_error', 'pkg/server/server.go:42:9: undefined: NewHandler'],
  ['compile_error', "Module not found: Error: Can't resolve './Button' in '/home/runner/work/app/src'"],
  ['compile_error', "ModuleNotFoundError: No module named 'requests'"],
  [
    'lint',
    "/home/runner/work/app/src/a.ts\n  12:5  error  'x' is assigned a value but never used  @typescript-eslint/no-unused-vars\n\n✖ 1 problem (1 error, 0 warnings)",
  ],
  ['lint', '[warn] Code style issues found in 2 files. Run Prettier with --write to fix.'],
  ['lint', 'would reformat src/app.py\nOh no! 1 file would be reformatted.'],
  ['dependency_resolution', 'npm ERR! code ERESOLVE\nnpm ERR! ERESOLVE unable to resolve dependency tree'],
  ['dependency_resolution', 'npm ERR! notarget No matching version found for left-pad@^9.9.9.'],
  [
    'dependency_resolution',
    'ERROR: Could not find a version that satisfies the requirement torch==9.0 (from versions: 1.13.0, 2.0.0)\nERROR: No matching distribution found for torch==9.0',
  ],
  [
    'dependency_resolution',
    '[ERROR] Failed to execute goal on project app: Could not resolve dependencies for project com.acme:app:jar:1.0: Could not find artifact com.acme:lib:jar:2.0 in central (https://repo.maven.apache.org/maven2)',
  ],
  [
    'dependency_lockfile',
    'npm ERR! `npm ci` can only install packages when your package.json and package-lock.json or npm-shrinkwrap.json are in sync.',
  ],
  ['permission_403', 'Error: Resource not accessible by integration'],
  [
    'permission_403',
    "remote: Permission to acme/site.git denied to github-actions[bot].\nfatal: unable to access 'https://github.com/acme/site/': The requested URL returned error: 403",
  ],
  ['auth_failed', 'Error: HttpError: Bad credentials'],
  [
    'not_found_404',
    "Error: Unable to find image 'ghcr.io/acme/tool:9.9' locally\ndocker: Error response from daemon: manifest unknown.",
  ],
  ['validation_422', 'HttpError: Validation Failed: {"resource":"Release","code":"already_exists","field":"tag_name"}'],
  ['missing_secret', 'Error: Input required and not supplied: token'],
  ['bad_action_ref', 'Error: Unable to resolve action `actions/chekout@v4`, repository not found'],
  [
    'invalid_workflow',
    "Invalid workflow file: .github/workflows/ci.yml#L12\nThe workflow is not valid. .github/workflows/ci.yml (Line: 12, Col: 5): Unrecognized named-value: 'secret'.",
  ],
  ['oom', '<--- Last few GCs --->\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory'],
  ['oom', 'Error: Process completed with exit code 137.'],
  ['disk_full', 'System.IO.IOException: No space left on device'],
  ['job_timeout', 'The job running on runner GitHub Actions 3 has exceeded the maximum execution time of 360 minutes.'],
  ['toolchain_not_found', 'Error: Version 3.6 with arch x64 not found'],
  ['script_error', '/home/runner/work/_temp/abc.sh: line 3: pnpm: command not found'],
  [
    'account_limit',
    'The job was not started because recent account payments have failed or your spending limit needs to be increased.',
  ],
  ['cancelled', 'Error: The operation was canceled.'],
];

describe('classifyText', () => {
  it.each(transientCases)('%s is transient (#%#)', (cause, text) => {
    expect(classifyText(policy, text)).toMatchObject({ cause, transient: true });
  });

  it.each(deterministicCases)('%s is deterministic (#%#)', (cause, text) => {
    expect(classifyText(policy, text)).toMatchObject({ cause, transient: false });
  });

  it('every built-in cause has an example above', () => {
    const covered = new Set([...transientCases, ...deterministicCases].map(([cause]) => cause));
    const missing = policy.causes.map((c) => c.name).filter((name) => name !== 'unknown' && !covered.has(name));
    expect(missing).toEqual([]);
  });

  it('a deterministic signal beside a transient one wins, wherever it appears', () => {
    const log = [
      'npm WARN fetch ECONNRESET, retrying',
      '  ● api › fetches the user',
      '    FetchError: request to https://api.example.com failed, reason: socket hang up',
      'Tests:       1 failed, 20 passed, 21 total',
    ].join('\n');
    expect(classifyText(policy, log)).toEqual({
      cause: 'test_failure',
      transient: false,
      evidence: ['Tests:       1 failed, 20 passed, 21 total'],
    });
    expect(
      classifyText(
        policy,
        "error TS2307: Cannot find module 'x'\nError: getCacheEntry failed: Cache service responded with 503",
      ).transient,
    ).toBe(false);
  });

  it('a rate limit answered with 403 stays transient; a plain 403 does not', () => {
    expect(
      classifyText(policy, 'Error: HttpError: 403 Forbidden\nAPI rate limit exceeded for user ID 1.'),
    ).toMatchObject({ cause: 'rate_limit', transient: true });
    expect(classifyText(policy, 'Error: HttpError: 403 Forbidden')).toMatchObject({
      cause: 'permission_403',
      transient: false,
    });
  });

  it('oom gives way to a runner-level shutdown that explains the kill', () => {
    expect(classifyText(policy, 'Killed\nThe runner has received a shutdown signal.')).toMatchObject({
      cause: 'runner_shutdown',
      transient: true,
    });
  });

  it.each([
    'Error: connect ECONNREFUSED 127.0.0.1:5432',
    'dial tcp 172.18.0.2:5432: connect: connection refused',
    'Error: connect ETIMEDOUT 172.18.0.3:6379',
    'Error: getaddrinfo EAI_AGAIN postgres',
    'psycopg2.OperationalError: could not translate host name "postgres" to address: Temporary failure in name resolution',
    'curl: (7) Failed to connect to localhost port 8080 after 0 ms: Connection refused',
    'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
  ])('a service on the runner that is not up is not a network blip: %s', (line) => {
    expect(classifyText(policy, line).transient).toBe(false);
  });

  it.each([
    'Exception in thread "main" java.net.ConnectException: Connection refused',
    'Error: connect ETIMEDOUT 10.0.0.0:443',
    "fatal: unable to access 'https://github.com/acme/x/': Failed to connect to github.com port 443 after 130795 ms: Connection timed out",
  ])('a remote endpoint that refuses or times out is: %s', (line) => {
    expect(classifyText(policy, line).transient).toBe(true);
  });

  it('an HTTP status inside a transient-looking message decides by its code', () => {
    const download = (code: string) =>
      `Failed to download action 'https://api.github.com/repos/o/a/tarball/v1'. Error: Response status code does not indicate success: ${code}.`;
    expect(classifyText(policy, download('503 (Service Unavailable)'))).toMatchObject({
      cause: 'github_5xx',
      transient: true,
    });
    expect(classifyText(policy, download('404 (Not Found)'))).toMatchObject({
      cause: 'not_found_404',
      transient: false,
    });
    expect(classifyText(policy, download('401 (Unauthorized)'))).toMatchObject({
      cause: 'auth_failed',
      transient: false,
    });
  });

  it('an unrecognised failure is unknown and never transient', () => {
    expect(classifyText(policy, 'Error: Process completed with exit code 1.')).toEqual({
      cause: 'unknown',
      transient: false,
      evidence: [],
    });
    expect(classifyText(policy, '')).toEqual({ cause: 'unknown', transient: false, evidence: [] });
  });

  it('evidence is the matching lines, without timestamps or ##[error], trimmed, at most five', () => {
    const log = Array.from(
      { length: 8 },
      (_, i) => `2024-04-14T21:49:58.7397481Z ##[error]  connect ETIMEDOUT 10.0.0.${i}:443  `,
    ).join('\n');
    const result = classifyText(policy, log);
    expect(result.evidence).toHaveLength(5);
    expect(result.evidence[0]).toBe('connect ETIMEDOUT 10.0.0.0:443');
  });

  it('precedence within a kind follows the policy order; a user cause is matched like a built-in one', () => {
    const custom = compileRetryPolicy({
      causes: {
        flaky_service: { transient: true, patterns: ['staging\\.acme\\.test.*unavailable'] },
        licence: { transient: false, patterns: ['licen[cs]e server'] },
      },
    });
    expect(classifyText(custom, 'staging.acme.test is unavailable')).toMatchObject({
      cause: 'flaky_service',
      transient: true,
    });
    expect(classifyText(custom, 'staging.acme.test is unavailable\nno licence server')).toMatchObject({
      cause: 'licence',
      transient: false,
    });
  });

  it('a pattern that is not a regular expression names its JSON path', () => {
    let thrown: unknown;
    try {
      compileRetryPolicy({ causes: { network: { transient: true, patterns: ['ok', 'broken('] } } });
    } catch (error) {
      thrown = error;
    }
    expect(isInvalidPatternError(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(
      /at \/causes\/network\/patterns\/1: expected a JavaScript regular expression, found "broken\("/,
    );
  });
});
