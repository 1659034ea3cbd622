// EC2 (query/XML): DescribeInstances (ids or tag filters), StopInstances, StartInstances, with
// each instance's state moving one step per DescribeInstances (stopping → stopped, pending →
// running), so a poller sees the transitions real EC2 shows. An instance can be made to stay in
// `stopping`, or to fall back to `stopped` with a StateReason when started (a KMS grant failure).
import type { StandinFaults } from './faults.js';
import type { StandinRequest, StandinResponse, StandinService } from './service.js';
import { ec2Error, formOf, listOf, tag, XML_HEADERS } from './wire.js';

export type StandinInstanceState = 'pending' | 'running' | 'stopping' | 'stopped' | 'shutting-down' | 'terminated';

export interface StandinInstance {
  readonly id: string;
  readonly state: StandinInstanceState;
  /** Default `ebs`. */
  readonly rootDeviceType?: 'ebs' | 'instance-store';
  readonly tags?: Readonly<Record<string, string>>;
  /** Never leaves `stopping` once stopped (an instance that will not stop). */
  readonly stuckStopping?: boolean;
  /** Starting fails: pending → stopped with this StateReason. */
  readonly startFailure?: { readonly code: string; readonly message: string };
}

export interface Ec2StandinOptions {
  readonly faults?: StandinFaults;
  readonly instances: readonly StandinInstance[];
}

export interface Ec2Standin extends StandinService {
  state(id: string): StandinInstanceState;
  /** Change an instance from outside (a test moving it to `stopping`, say). */
  setState(id: string, state: StandinInstanceState): void;
  /** The operator fixed it: no more stuck stop or failing start. */
  heal(id: string): void;
}

const XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const CODES: Record<StandinInstanceState, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

interface InstanceState {
  readonly spec: StandinInstance;
  state: StandinInstanceState;
  reason: { code: string; message: string } | undefined;
  startFailing: boolean;
  stuck: boolean;
}

const stateXml = (name: string, state: StandinInstanceState) =>
  `<${name}>${tag('code', CODES[state])}${tag('name', state)}</${name}>`;

function filtersOf(form: URLSearchParams): { name: string; values: string[] }[] {
  const filters: { name: string; values: string[] }[] = [];
  for (let index = 1; form.has(`Filter.${index}.Name`); index += 1) {
    filters.push({ name: form.get(`Filter.${index}.Name`) as string, values: listOf(form, `Filter.${index}.Value`) });
  }
  return filters;
}

function matches(instance: InstanceState, filter: { name: string; values: string[] }): boolean {
  if (filter.name.startsWith('tag:')) {
    const value = instance.spec.tags?.[filter.name.slice(4)];
    return value !== undefined && filter.values.includes(value);
  }
  if (filter.name === 'instance-state-name') return filter.values.includes(instance.state);
  if (filter.name === 'instance-id') return filter.values.includes(instance.spec.id);
  return false;
}

export function ec2Standin(options: Ec2StandinOptions): Ec2Standin {
  const instances = new Map<string, InstanceState>(
    options.instances.map((spec) => [
      spec.id,
      {
        spec,
        state: spec.state,
        reason: undefined,
        startFailing: spec.startFailure !== undefined,
        stuck: spec.stuckStopping === true,
      },
    ]),
  );

  const advance = (instance: InstanceState): void => {
    if (instance.state === 'stopping' && !instance.stuck) {
      instance.state = 'stopped';
      instance.reason = {
        code: 'Client.UserInitiatedShutdown',
        message: 'Client.UserInitiatedShutdown: User initiated shutdown',
      };
    } else if (instance.state === 'pending') {
      if (instance.startFailing && instance.spec.startFailure) {
        instance.state = 'stopped';
        instance.reason = { ...instance.spec.startFailure };
      } else {
        instance.state = 'running';
        instance.reason = undefined;
      }
    }
  };

  const instanceXml = (instance: InstanceState): string => {
    const tags = Object.entries(instance.spec.tags ?? {})
      .map(([key, value]) => `<item>${tag('key', key)}${tag('value', value)}</item>`)
      .join('');
    const reason = instance.reason
      ? `<stateReason>${tag('code', instance.reason.code)}${tag('message', instance.reason.message)}</stateReason>`
      : '';
    return `<item>${tag('instanceId', instance.spec.id)}${tag('instanceType', 't3.micro')}${stateXml('instanceState', instance.state)}${reason}${tag('rootDeviceType', instance.spec.rootDeviceType ?? 'ebs')}<tagSet>${tags}</tagSet></item>`;
  };

  const response = (action: string, inner: string): StandinResponse => ({
    status: 200,
    headers: XML_HEADERS,
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${XMLNS}">${tag('requestId', 'standin')}${inner}</${action}Response>`,
  });

  const notFound = (ids: string[]): StandinResponse =>
    ec2Error({
      code: 'InvalidInstanceID.NotFound',
      status: 400,
      message: `The instance IDs '${ids.join(', ')}' do not exist`,
    });

  const change = (action: 'StopInstances' | 'StartInstances', ids: string[]): StandinResponse => {
    const missing = ids.filter((id) => !instances.has(id));
    if (missing.length > 0) return notFound(missing);
    const items = ids.map((id) => {
      const instance = instances.get(id) as InstanceState;
      const previous = instance.state;
      if (action === 'StopInstances' && (previous === 'running' || previous === 'pending')) instance.state = 'stopping';
      if (action === 'StartInstances') {
        if (previous === 'stopping')
          return { error: `The instance '${id}' is not in a state from which it can be started.` };
        if (previous === 'stopped') instance.state = 'pending';
      }
      return {
        xml: `<item>${tag('instanceId', id)}${stateXml('currentState', instance.state)}${stateXml('previousState', previous)}</item>`,
      };
    });
    const refused = items.find((item) => 'error' in item);
    if (refused && 'error' in refused)
      return ec2Error({ code: 'IncorrectInstanceState', status: 400, message: refused.error as string });
    return response(
      action,
      `<instancesSet>${items.map((item) => ('xml' in item ? item.xml : '')).join('')}</instancesSet>`,
    );
  };

  const handle = (request: StandinRequest): StandinResponse => {
    const form = formOf(request.body);
    const action = form.get('Action') ?? '';
    const ids = listOf(form, 'InstanceId');
    const fault = options.faults?.take('ec2', action, ids);
    if (fault) return ec2Error(fault);
    switch (action) {
      case 'DescribeInstances': {
        const missing = ids.filter((id) => !instances.has(id));
        if (missing.length > 0) return notFound(missing);
        const filters = filtersOf(form);
        const selected = [...instances.values()].filter(
          (instance) =>
            (ids.length === 0 || ids.includes(instance.spec.id)) &&
            filters.every((filter) => matches(instance, filter)),
        );
        for (const instance of selected) advance(instance);
        const reservations = selected
          .map(
            (instance) =>
              `<item>${tag('reservationId', `r-${instance.spec.id.slice(2)}`)}<instancesSet>${instanceXml(instance)}</instancesSet></item>`,
          )
          .join('');
        return response(action, `<reservationSet>${reservations}</reservationSet>`);
      }
      case 'StopInstances':
      case 'StartInstances':
        return change(action, ids);
      default:
        return ec2Error({ code: 'InvalidAction', status: 400, message: `The action ${action} is not valid` });
    }
  };

  return {
    signingName: 'ec2',
    handle,
    state(id) {
      const instance = instances.get(id);
      if (!instance) throw new Error(`no instance ${id}`);
      return instance.state;
    },
    setState(id, state) {
      const instance = instances.get(id);
      if (!instance) throw new Error(`no instance ${id}`);
      instance.state = state;
    },
    heal(id) {
      const instance = instances.get(id);
      if (!instance) throw new Error(`no instance ${id}`);
      instance.stuck = false;
      instance.startFailing = false;
    },
  };
}
