// Lambda (REST/JSON): the functions OpsGuard lists, tags and throttles — ListFunctions,
// ListTags, GetFunction, GetFunctionConcurrency, PutFunctionConcurrency,
// DeleteFunctionConcurrency — with each function's reserved concurrency as state.
import type { StandinFaults } from './faults.js';
import type { StandinRequest, StandinResponse, StandinService } from './service.js';
import { json, restJsonError } from './wire.js';

export interface StandinFunction {
  readonly name: string;
  /** `undefined` = no reservation (the function shares the account's pool). */
  readonly reservedConcurrency?: number;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface LambdaStandinOptions {
  readonly account: string;
  readonly region: string;
  readonly functions: readonly StandinFunction[];
  readonly faults?: StandinFaults;
}

export interface LambdaStandin extends StandinService {
  /** The reservation now (`undefined` = none); throws for an unknown function. */
  reservation(name: string): number | undefined;
}

interface FunctionState {
  readonly name: string;
  readonly arn: string;
  reserved: number | undefined;
  readonly tags: Record<string, string>;
}

const notFound = (name: string): StandinResponse =>
  restJsonError({
    code: 'ResourceNotFoundException',
    status: 404,
    message: `Function not found: ${name}`,
  });

function route(method: string, path: string): { operation: string; name: string } | undefined {
  const concurrency = /^\/20\d\d-\d\d-\d\d\/functions\/([^/]+)\/concurrency$/.exec(path);
  if (concurrency) {
    const operation = {
      GET: 'GetFunctionConcurrency',
      PUT: 'PutFunctionConcurrency',
      DELETE: 'DeleteFunctionConcurrency',
    }[method];
    return operation ? { operation, name: concurrency[1] as string } : undefined;
  }
  if (method === 'GET' && /^\/2015-03-31\/functions\/?$/.test(path)) return { operation: 'ListFunctions', name: '' };
  const tags = /^\/2017-03-31\/tags\/(.+)$/.exec(path);
  if (method === 'GET' && tags) return { operation: 'ListTags', name: tags[1] as string };
  const fn = /^\/2015-03-31\/functions\/([^/]+)$/.exec(path);
  if (method === 'GET' && fn) return { operation: 'GetFunction', name: fn[1] as string };
  return undefined;
}

export function lambdaStandin(options: LambdaStandinOptions): LambdaStandin {
  const functions = new Map<string, FunctionState>();
  for (const fn of options.functions) {
    functions.set(fn.name, {
      name: fn.name,
      arn: `arn:aws:lambda:${options.region}:${options.account}:function:${fn.name}`,
      reserved: fn.reservedConcurrency,
      tags: { ...fn.tags },
    });
  }
  // A function is named by its name or its ARN (qualifier-free).
  const find = (nameOrArn: string): FunctionState | undefined =>
    functions.get(nameOrArn) ?? [...functions.values()].find((fn) => fn.arn === nameOrArn);
  const configuration = (fn: FunctionState) => ({
    FunctionName: fn.name,
    FunctionArn: fn.arn,
    Runtime: 'nodejs22.x',
    State: 'Active',
  });

  const handle = (request: StandinRequest): StandinResponse => {
    const routed = route(request.method, request.path);
    const reply = answer(request, routed);
    return routed ? { ...reply, operation: routed.operation } : reply;
  };
  function answer(request: StandinRequest, routed: ReturnType<typeof route>): StandinResponse {
    if (!routed)
      return restJsonError({
        code: 'UnknownOperationException',
        status: 404,
        message: `${request.method} ${request.path}`,
      });
    const fault = options.faults?.take('lambda', routed.operation, [routed.name]);
    if (fault) return restJsonError(fault);
    if (routed.operation === 'ListFunctions') {
      return json(200, { Functions: [...functions.values()].map(configuration) });
    }
    const fn = find(routed.name);
    if (!fn) return notFound(routed.name);
    switch (routed.operation) {
      case 'ListTags':
        return json(200, { Tags: fn.tags });
      case 'GetFunction':
        return json(200, {
          Configuration: configuration(fn),
          Tags: fn.tags,
          ...(fn.reserved === undefined ? {} : { Concurrency: { ReservedConcurrentExecutions: fn.reserved } }),
        });
      case 'GetFunctionConcurrency':
        return json(200, fn.reserved === undefined ? {} : { ReservedConcurrentExecutions: fn.reserved });
      case 'PutFunctionConcurrency': {
        const body = JSON.parse(request.body || '{}') as { ReservedConcurrentExecutions?: unknown };
        const value = body.ReservedConcurrentExecutions;
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
          return restJsonError({
            code: 'InvalidParameterValueException',
            status: 400,
            message: 'ReservedConcurrentExecutions must be a whole number ≥ 0',
          });
        fn.reserved = value;
        return json(200, { ReservedConcurrentExecutions: value });
      }
      default:
        fn.reserved = undefined;
        return { status: 204, body: '' };
    }
  }

  return {
    signingName: 'lambda',
    handle,
    reservation(name) {
      const fn = functions.get(name);
      if (!fn) throw new Error(`no function ${name}`);
      return fn.reserved;
    },
  };
}
