// What a shutdown is about, as the user writes it (a JSON file or CLI flags): functions by
// name or tag, instances by id or tag, distribution ids, and the systemd unit SSM stops.
// One validation, one clear error naming the JSON path of the first mistake.
import { ConfigurationError } from '../errors.js';

export interface TagSelector {
  readonly key: string;
  readonly value: string;
}

export interface ShutdownTargets {
  readonly functions: { readonly names: readonly string[]; readonly tag: TagSelector | undefined };
  readonly instances: { readonly ids: readonly string[]; readonly tag: TagSelector | undefined };
  readonly distributionIds: readonly string[];
  /** The unit `systemctl stop` stops on the instances before they are stopped (none = no SSM phase). */
  readonly ssmService: string | undefined;
}

const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$|^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}$/;
const INSTANCE_ID = /^i-[0-9a-f]{8}([0-9a-f]{9})?$/;
const DISTRIBUTION_ID = /^E[A-Z0-9]{5,20}$/;
const SERVICE = /^[A-Za-z0-9:_.@-]{1,200}$/;
const KNOWN = new Set(['functions', 'instances', 'distributions', 'ssmService']);

function fail(path: string, message: string): never {
  throw new ConfigurationError(`targets${path}: ${message}`);
}

function stringList(value: unknown, path: string, pattern: RegExp, what: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(path, `must be a list of ${what}`);
  return value.map((item: unknown, index) => {
    if (typeof item !== 'string' || !pattern.test(item))
      fail(`${path}[${index}]`, `${JSON.stringify(item)} is not ${what}`);
    return item;
  });
}

/** `Key=Value` (the CLI's form) or `{ key, value }`. */
export function parseTag(value: unknown, path: string): TagSelector | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    const at = value.indexOf('=');
    if (at <= 0) fail(path, `${JSON.stringify(value)} is not a tag like Key=Value`);
    return { key: value.slice(0, at), value: value.slice(at + 1) };
  }
  if (typeof value === 'object' && value !== null) {
    const { key, value: tagValue } = value as Record<string, unknown>;
    if (typeof key === 'string' && key !== '' && typeof tagValue === 'string') return { key, value: tagValue };
  }
  return fail(path, 'must be "Key=Value" or { "key": …, "value": … }');
}

function group(value: unknown, path: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'must be an object');
  return value as Record<string, unknown>;
}

export function parseShutdownTargets(input: unknown): ShutdownTargets {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new ConfigurationError('targets: must be an object with functions, instances, distributions or ssmService');
  const raw = input as Record<string, unknown>;
  const unknown = Object.keys(raw).filter((key) => !KNOWN.has(key));
  if (unknown.length > 0) fail(`.${unknown[0]}`, `unknown key (expected ${[...KNOWN].join(', ')})`);
  const functions = group(raw['functions'], '.functions');
  const instances = group(raw['instances'], '.instances');
  const ssm = raw['ssmService'];
  if (ssm !== undefined && (typeof ssm !== 'string' || !SERVICE.test(ssm)))
    fail('.ssmService', `${JSON.stringify(ssm)} is not a systemd unit name`);
  const targets: ShutdownTargets = {
    functions: {
      names: stringList(functions['names'], '.functions.names', FUNCTION_NAME, 'a Lambda function name or ARN'),
      tag: parseTag(functions['tag'], '.functions.tag'),
    },
    instances: {
      ids: stringList(instances['ids'], '.instances.ids', INSTANCE_ID, 'an EC2 instance id (i-…)'),
      tag: parseTag(instances['tag'], '.instances.tag'),
    },
    distributionIds: stringList(
      raw['distributions'],
      '.distributions',
      DISTRIBUTION_ID,
      'a CloudFront distribution id',
    ),
    ssmService: ssm as string | undefined,
  };
  const empty =
    targets.functions.names.length === 0 &&
    !targets.functions.tag &&
    targets.instances.ids.length === 0 &&
    !targets.instances.tag &&
    targets.distributionIds.length === 0;
  if (empty) throw new ConfigurationError('targets: nothing to shut down (no functions, instances or distributions)');
  return targets;
}
