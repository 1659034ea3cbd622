// The failures the sample records, each with the evidence GitHub really leaves: runner-level
// problems only in check-run annotations (the log is often missing), step errors in the log tail
// with a bare "Process completed with exit code 1." annotation, and problem-matcher annotations
// for tsc and eslint (setup-node registers those matchers).
import type { Random } from './random.js';
import type { JobDef, StepKind } from './workflows.js';

export type TransientKind =
  | 'runner-shutdown'
  | 'runner-lost'
  | 'timeout'
  | 'npm-econnreset'
  | 'npm-registry-503'
  | 'dns-eai-again'
  | 'git-502'
  | 'npm-etimedout'
  | 'npm-registry-502'
  | 'github-500'
  | 'api-rate-limit'
  | 'secondary-rate-limit'
  | 'docker-pull-limit';

export type DeterministicKind =
  'jest-failures' | 'tsc-error' | 'eslint-errors' | 'playwright-failures' | 'permission-403' | 'missing-secret';

export type FailureKind = TransientKind | DeterministicKind;

/** An annotation before it gets its blob URL: no path means GitHub's `.github` placeholder. */
export interface AnnotationSpec {
  readonly message: string;
  readonly path?: string;
  readonly line?: number;
  readonly column?: number;
}

export interface FailureContext {
  readonly rng: Random;
  readonly runnerName: string;
  readonly job: JobDef;
  readonly owner: string;
  readonly repo: string;
}

export interface FailureDef {
  readonly kind: FailureKind;
  readonly transient: boolean;
  /** Steps this failure can hit; undefined = the job's longest step (the runner just goes away). */
  readonly stepKinds?: readonly StepKind[];
  readonly runner?: JobDef['runner'];
  /** The runner vanished: no log is kept, no post steps ran. */
  readonly runnerLevel?: boolean;
  /** The step ran until the job's time limit. */
  readonly hangs?: boolean;
  readonly weight: number;
  annotations(ctx: FailureContext): AnnotationSpec[];
  /** Lines the failing step printed (timestamps are added by the log writer). */
  logTail(ctx: FailureContext): string[];
}

const EXIT_1: AnnotationSpec = { message: 'Process completed with exit code 1.' };

function npmLogTail(code: string, detail: string[]): string[] {
  return [
    `npm ERR! code ${code}`,
    ...detail,
    'npm ERR! ',
    'npm ERR! If you are behind a proxy, please make sure that the',
    "npm ERR! 'proxy' config is set properly.  See: 'npm help config'",
    '',
    'npm ERR! A complete log of this run can be found in: /home/runner/.npm/_logs/2026-11-01T00_00_00_000Z-debug-0.log',
    '##[error]Process completed with exit code 1.',
  ];
}

const PACKAGES = ['@babel/core', 'typescript', 'playwright-core', 'zod', 'pino', 'undici', 'react-dom', 'esbuild'];

export const FAILURES: readonly FailureDef[] = [
  {
    kind: 'runner-shutdown',
    transient: true,
    runnerLevel: true,
    runner: 'hosted',
    weight: 2,
    annotations: () => [
      {
        message:
          'The runner has received a shutdown signal. This can happen when the runner service is stopped, or a manually started runner is canceled.',
      },
      { message: 'The operation was canceled.' },
    ],
    logTail: () => [],
  },
  {
    kind: 'runner-lost',
    transient: true,
    runnerLevel: true,
    runner: 'self-hosted',
    weight: 4,
    annotations: (ctx) => [
      {
        message: `The self-hosted runner: ${ctx.runnerName} lost communication with the server. Verify the machine is running and has a healthy network connection. Anything in your workflow that terminates the runner process, starves it for CPU/Memory, or blocks its network access can cause this error.`,
      },
    ],
    logTail: () => [],
  },
  {
    kind: 'timeout',
    transient: true,
    hangs: true,
    stepKinds: ['e2e'],
    runner: 'self-hosted',
    weight: 1,
    annotations: (ctx) => [
      { message: `The job running on runner ${ctx.runnerName} has exceeded the maximum execution time of 60 minutes.` },
      { message: 'The operation was canceled.' },
    ],
    logTail: () => [
      'Running 214 tests using 4 workers',
      '[chromium] › checkout.spec.ts:88:5 › pays with saved card',
      '##[error]The operation was canceled.',
    ],
  },
  {
    kind: 'npm-econnreset',
    transient: true,
    stepKinds: ['install'],
    weight: 3,
    annotations: () => [EXIT_1],
    logTail: (ctx) =>
      npmLogTail('ECONNRESET', [
        'npm ERR! syscall read',
        'npm ERR! errno ECONNRESET',
        `npm ERR! network request to https://registry.npmjs.org/${ctx.rng.pick(PACKAGES)} failed, reason: read ECONNRESET`,
        'npm ERR! network This is a problem related to network connectivity.',
        'npm ERR! network In most cases you are behind a proxy or have bad network settings.',
      ]),
  },
  {
    kind: 'npm-registry-503',
    transient: true,
    stepKinds: ['install'],
    weight: 2,
    annotations: () => [EXIT_1],
    logTail: (ctx) => {
      const pkg = ctx.rng.pick(PACKAGES);
      return [
        'npm ERR! code E503',
        `npm ERR! 503 Service Unavailable - GET https://registry.npmjs.org/${pkg.replace('/', '%2f')} - Service Unavailable`,
        '',
        'npm ERR! A complete log of this run can be found in: /home/runner/.npm/_logs/2026-11-01T00_00_00_000Z-debug-0.log',
        '##[error]Process completed with exit code 1.',
      ];
    },
  },
  {
    kind: 'dns-eai-again',
    transient: true,
    stepKinds: ['install'],
    weight: 2,
    annotations: () => [EXIT_1],
    logTail: (ctx) =>
      npmLogTail('EAI_AGAIN', [
        'npm ERR! syscall getaddrinfo',
        'npm ERR! errno EAI_AGAIN',
        `npm ERR! request to https://registry.npmjs.org/${ctx.rng.pick(PACKAGES)} failed, reason: getaddrinfo EAI_AGAIN registry.npmjs.org`,
      ]),
  },
  {
    kind: 'git-502',
    transient: true,
    stepKinds: ['checkout'],
    weight: 2,
    annotations: () => [{ message: "The process '/usr/bin/git' failed with exit code 128" }],
    logTail: (ctx) => {
      const url = `https://github.com/${ctx.owner}/${ctx.repo}/`;
      const lines: string[] = [];
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        lines.push(
          `/usr/bin/git -c protocol.version=2 fetch --no-tags --prune --no-recurse-submodules --depth=1 origin +refs/heads/*:refs/remotes/origin/*`,
        );
        lines.push(`fatal: unable to access '${url}': The requested URL returned error: 502`);
        if (attempt < 3)
          lines.push(
            `The process '/usr/bin/git' failed with exit code 128`,
            `Waiting ${ctx.rng.int(10, 19)} seconds before trying again`,
          );
      }
      lines.push("##[error]The process '/usr/bin/git' failed with exit code 128");
      return lines;
    },
  },
  {
    kind: 'npm-etimedout',
    transient: true,
    stepKinds: ['install'],
    weight: 2,
    annotations: () => [EXIT_1],
    logTail: (ctx) =>
      npmLogTail('ETIMEDOUT', [
        'npm ERR! syscall connect',
        'npm ERR! errno ETIMEDOUT',
        `npm ERR! network request to https://registry.npmjs.org/${ctx.rng.pick(PACKAGES)} failed, reason: connect ETIMEDOUT 104.16.${ctx.rng.int(0, 31)}.${ctx.rng.int(1, 254)}:443`,
        'npm ERR! network This is a problem related to network connectivity.',
      ]),
  },
  {
    kind: 'npm-registry-502',
    transient: true,
    stepKinds: ['install'],
    weight: 2,
    annotations: () => [EXIT_1],
    logTail: (ctx) => [
      'npm ERR! code E502',
      `npm ERR! 502 Bad Gateway - GET https://registry.npmjs.org/${ctx.rng.pick(PACKAGES).replace('/', '%2f')}`,
      '',
      'npm ERR! A complete log of this run can be found in: /home/runner/.npm/_logs/2026-11-01T00_00_00_000Z-debug-0.log',
      '##[error]Process completed with exit code 1.',
    ],
  },
  {
    kind: 'github-500',
    transient: true,
    stepKinds: ['script'],
    weight: 2,
    annotations: () => [{ message: 'Unhandled error: HttpError: Server Error' }],
    logTail: () => [
      'RequestError [HttpError]: Server Error',
      '    at /home/runner/work/_actions/actions/github-script/v7/dist/index.js:9537:21',
      '  status: 500,',
      "  response: { url: 'https://api.github.com/repos/acme/webshop/deployments', status: 500, data: '' }",
      '##[error]Unhandled error: HttpError: Server Error',
    ],
  },
  {
    kind: 'api-rate-limit',
    transient: true,
    stepKinds: ['script'],
    weight: 2,
    annotations: () => [
      {
        message:
          'Unhandled error: HttpError: API rate limit exceeded for installation ID 41877231. If you reach out to GitHub Support for help, please include the request ID 8A21:3F0C7:1B22D9E:1C3A0F4:6734A9B1.',
      },
    ],
    logTail: () => [
      'RequestError [HttpError]: API rate limit exceeded for installation ID 41877231. If you reach out to GitHub Support for help, please include the request ID 8A21:3F0C7:1B22D9E:1C3A0F4:6734A9B1.',
      '    at /home/runner/work/_actions/actions/github-script/v7/dist/index.js:9537:21',
      '  status: 403,',
      "  response: { headers: { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1763636400' } }",
      '##[error]Unhandled error: HttpError: API rate limit exceeded for installation ID 41877231. If you reach out to GitHub Support for help, please include the request ID 8A21:3F0C7:1B22D9E:1C3A0F4:6734A9B1.',
    ],
  },
  {
    kind: 'secondary-rate-limit',
    transient: true,
    stepKinds: ['script'],
    weight: 3,
    annotations: () => [
      {
        message:
          'Unhandled error: HttpError: You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID C0E8:2B51A1:9F1D3C:A0B7E2:6734F1A2.',
      },
    ],
    logTail: () => [
      'RequestError [HttpError]: You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID C0E8:2B51A1:9F1D3C:A0B7E2:6734F1A2.',
      '    at /home/runner/work/_actions/actions/github-script/v7/dist/index.js:9537:21',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:105:5) {',
      '  status: 403,',
      "  response: { headers: { 'retry-after': '60', 'x-ratelimit-remaining': '4890' } }",
      '}',
      '##[error]Unhandled error: HttpError: You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID C0E8:2B51A1:9F1D3C:A0B7E2:6734F1A2.',
    ],
  },
  {
    kind: 'docker-pull-limit',
    transient: true,
    stepKinds: ['docker'],
    weight: 3,
    annotations: () => [EXIT_1],
    logTail: () => [
      ' postgres Pulling ',
      ' redis Pulling ',
      'Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit',
      '##[error]Process completed with exit code 1.',
    ],
  },
  {
    kind: 'jest-failures',
    transient: false,
    stepKinds: ['test'],
    weight: 1,
    annotations: () => [EXIT_1],
    logTail: (ctx) => {
      const failed = ctx.rng.int(1, 3);
      const passed = 140 - failed + 2;
      return [
        'PASS src/catalog/search.test.ts',
        'PASS src/orders/order-service.test.ts',
        'FAIL src/cart/cart.test.ts',
        '  ● Cart › applies a percentage coupon to the subtotal',
        '',
        '    expect(received).toBe(expected) // Object.is equality',
        '',
        '    Expected: 4500',
        '    Received: 5000',
        '',
        '      40 |     cart.apply(coupon("SAVE10"));',
        '    > 41 |     expect(cart.subtotal()).toBe(4500);',
        '         |                             ^',
        '',
        '      at Object.<anonymous> (src/cart/cart.test.ts:41:29)',
        '',
        ...(failed > 1
          ? ['  ● Cart › keeps the coupon after an item is removed', '', '    expect(received).toEqual(expected)', '']
          : []),
        '',
        'Test Suites: 1 failed, 37 passed, 38 total',
        `Tests:       ${failed} failed, ${passed} passed, ${failed + passed} total`,
        'Snapshots:   0 total',
        `Time:        ${ctx.rng.int(120, 200)}.${ctx.rng.int(100, 999)} s`,
        'Ran all test suites.',
        '##[error]Process completed with exit code 1.',
      ];
    },
  },
  {
    kind: 'tsc-error',
    transient: false,
    stepKinds: ['build'],
    weight: 1,
    annotations: () => [
      {
        message: "Type 'string' is not assignable to type 'number'.",
        path: 'src/checkout/payment.ts',
        line: 42,
        column: 17,
      },
      { message: 'Process completed with exit code 2.' },
    ],
    logTail: () => [
      '> webshop@3.14.0 build',
      '> tsc -b',
      '',
      "##[error]src/checkout/payment.ts(42,17): error TS2322: Type 'string' is not assignable to type 'number'.",
      '##[error]Process completed with exit code 2.',
    ],
  },
  {
    kind: 'eslint-errors',
    transient: false,
    stepKinds: ['lint'],
    weight: 1,
    annotations: () => [
      {
        message: "'discount' is assigned a value but never used. (@typescript-eslint/no-unused-vars)",
        path: 'src/cart/cart.ts',
        line: 87,
        column: 9,
      },
      {
        message: 'Unexpected any. Specify a different type. (@typescript-eslint/no-explicit-any)',
        path: 'src/orders/mapper.ts',
        line: 12,
        column: 31,
      },
      EXIT_1,
    ],
    logTail: () => [
      '',
      '/home/runner/work/webshop/webshop/src/cart/cart.ts',
      "  87:9  error  'discount' is assigned a value but never used  @typescript-eslint/no-unused-vars",
      '',
      '/home/runner/work/webshop/webshop/src/orders/mapper.ts',
      '  12:31  error  Unexpected any. Specify a different type  @typescript-eslint/no-explicit-any',
      '',
      '✖ 2 problems (2 errors, 0 warnings)',
      '',
      '##[error]Process completed with exit code 1.',
    ],
  },
  {
    kind: 'playwright-failures',
    transient: false,
    stepKinds: ['e2e'],
    weight: 1,
    annotations: () => [EXIT_1],
    logTail: () => [
      'Running 214 tests using 4 workers',
      '  1) [chromium] › checkout.spec.ts:42:5 › guest checkout › shows the order confirmation',
      '',
      '    Error: expect(locator).toHaveText(expected) failed',
      '',
      "    Locator: getByTestId('order-number')",
      '    Expected pattern: /^WS-\\d{8}$/',
      '    Received: <element(s) not found>',
      '',
      '  1 failed',
      '    [chromium] › checkout.spec.ts:42:5 › guest checkout › shows the order confirmation',
      '  213 passed (9.4m)',
      '##[error]Process completed with exit code 1.',
    ],
  },
  {
    kind: 'permission-403',
    transient: false,
    stepKinds: ['script'],
    weight: 1,
    annotations: () => [{ message: 'Unhandled error: HttpError: Resource not accessible by integration' }],
    logTail: () => [
      'RequestError [HttpError]: Resource not accessible by integration',
      '    at /home/runner/work/_actions/actions/github-script/v7/dist/index.js:9537:21',
      '  status: 403,',
      "  response: { data: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/deployments/statuses#create-a-deployment-status', status: '403' } }",
      '##[error]Unhandled error: HttpError: Resource not accessible by integration',
    ],
  },
  {
    kind: 'missing-secret',
    transient: false,
    stepKinds: ['deploy'],
    weight: 1,
    annotations: () => [{ message: 'Input required and not supplied: token' }],
    logTail: () => ['##[error]Input required and not supplied: token'],
  },
];

export function failureDef(kind: FailureKind): FailureDef {
  const def = FAILURES.find((f) => f.kind === kind);
  if (!def) throw new Error(`unknown failure ${kind}`);
  return def;
}

/** Whether a failure can happen in this job (its runner, and a step it can hit). */
export function canHit(def: FailureDef, job: JobDef): boolean {
  if (def.runner && def.runner !== job.runner) return false;
  const kinds = def.stepKinds;
  return kinds === undefined || job.steps.some((s) => kinds.includes(s.kind));
}

/** Which step the failure stops at: the first step of a matching kind, or the longest step. */
export function failingStepIndex(def: FailureDef, job: JobDef): number {
  const kinds = def.stepKinds;
  if (kinds) return job.steps.findIndex((s) => kinds.includes(s.kind));
  let longest = 0;
  job.steps.forEach((s, i) => {
    if (s.seconds > (job.steps[longest]?.seconds ?? 0)) longest = i;
  });
  return longest;
}
