// The IAM stand-in: the IAM operations OpsGuard's guardrails call, in IAM's query protocol
// (form-encoded POST, `Action=…&Version=2010-05-08`) with IAM's XML answers and errors, on a
// stateful account (iam-state.ts). Faults are injected per operation; an eventual-consistency
// mode keeps a detach out of reads for a number of reads.
import type { StandinFaults } from './faults.js';
import type { StandinRequest, StandinResponse, StandinService } from './service.js';
import { queryError, tag as el, XML_HEADERS } from './wire.js';
import {
  DEFAULT_ATTACHMENT_QUOTA,
  DEFAULT_POLICY_QUOTA,
  IAM_ERRORS,
  IamError,
  IamState,
  type IamErrorCode,
  type IamPolicy,
  type IamPrincipal,
  type IamPrincipalKind,
} from './iam-state.js';

const XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';

export interface IamFault {
  /** The operation (`DetachRolePolicy`), or `*` for every one. */
  readonly action: string;
  readonly code: IamErrorCode;
  readonly message?: string;
  /** How many matching calls fail; every one when absent. */
  readonly times?: number;
  /** Only calls whose parameters this accepts fail (e.g. one role's detach). */
  readonly when?: (params: Readonly<Record<string, string>>) => boolean;
}

export interface IamCall {
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
  /** The error code answered, or null for a success. */
  readonly error: IamErrorCode | null;
}

export interface IamStandinOptions {
  /** Default 123456789012. */
  readonly accountId?: string;
  readonly now?: () => Date;
  readonly policyQuota?: number;
  readonly attachmentQuota?: number;
  /** Principals that exist from the start: `role/path/name` style names per kind. */
  readonly roles?: readonly string[];
  readonly users?: readonly string[];
  readonly groups?: readonly string[];
  /** The stand-in's shared faults (service `iam`; resource = the principal's name or the policy ARN). */
  readonly faults?: StandinFaults;
}

interface ArmedFault {
  readonly fault: IamFault;
  left: number;
}

function members(items: readonly string[]): string {
  return items.map((item) => `<member>${item}</member>`).join('');
}

/** IAM encodes policy documents in answers as RFC 3986 percent-encoding. */
function encodeDocument(document: string): string {
  return encodeURIComponent(document).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function policyXml(policy: IamPolicy, attachmentCount: number): string {
  return [
    el('PolicyName', policy.name),
    el('DefaultVersionId', policy.defaultVersionId),
    el('PolicyId', policy.id),
    el('Path', policy.path),
    el('Arn', policy.arn),
    el('AttachmentCount', attachmentCount),
    el('PermissionsBoundaryUsageCount', 0),
    el('IsAttachable', true),
    ...(policy.description !== '' ? [el('Description', policy.description)] : []),
    el('CreateDate', policy.createDate.toISOString()),
    el('UpdateDate', policy.createDate.toISOString()),
  ].join('');
}

const KIND_TAG: Readonly<Record<IamPrincipalKind, string>> = { role: 'Role', user: 'User', group: 'Group' };

function principalXml(p: IamPrincipal): string {
  const tag = KIND_TAG[p.kind];
  return [
    el('Path', p.path),
    el(`${tag}Name`, p.name),
    el(`${tag}Id`, p.id),
    el('Arn', p.arn),
    el('CreateDate', p.createDate.toISOString()),
  ].join('');
}

/** What a shared fault's `resource` may name: the principal and the policy of a call. */
function resourcesOf(params: Readonly<Record<string, string>>): string[] {
  return ['RoleName', 'UserName', 'GroupName', 'PolicyArn'].flatMap((k) =>
    params[k] === undefined ? [] : [params[k]],
  );
}

/** `path/name` or `name` → IAM's path and name. */
function splitPathName(text: string): { path: string; name: string } {
  const slash = text.lastIndexOf('/');
  return slash < 0
    ? { path: '/', name: text }
    : { path: `/${text.slice(0, slash).replace(/^\/+/, '')}/`.replace(/\/\/+/g, '/'), name: text.slice(slash + 1) };
}

/** Marker-and-MaxItems paging as IAM does it (the marker is opaque to callers). */
function page<T>(items: readonly T[], params: Readonly<Record<string, string>>) {
  const start = params['Marker'] !== undefined ? Number(params['Marker']) : 0;
  if (!Number.isInteger(start) || start < 0) throw new IamError('InvalidInput', 'Invalid Marker.');
  const max = params['MaxItems'] !== undefined ? Number(params['MaxItems']) : 100;
  if (!Number.isInteger(max) || max < 1 || max > 1000) throw new IamError('InvalidInput', 'MaxItems must be 1..1000.');
  const slice = items.slice(start, start + max);
  const truncated = start + max < items.length;
  return {
    slice,
    tail: truncated ? `${el('IsTruncated', true)}${el('Marker', String(start + max))}` : el('IsTruncated', false),
  };
}

export class IamStandin implements StandinService {
  readonly signingName = 'iam';
  readonly state: IamState;
  private readonly faults: ArmedFault[] = [];
  private readonly log: IamCall[] = [];
  private requests = 0;
  private readonly shared: StandinFaults | undefined;

  constructor(options: IamStandinOptions = {}) {
    this.shared = options.faults;
    this.state = new IamState({
      accountId: options.accountId ?? '123456789012',
      now: options.now ?? (() => new Date()),
      policyQuota: options.policyQuota ?? DEFAULT_POLICY_QUOTA,
      attachmentQuota: options.attachmentQuota ?? DEFAULT_ATTACHMENT_QUOTA,
    });
    for (const [kind, names] of [
      ['role', options.roles],
      ['user', options.users],
      ['group', options.groups],
    ] as const) {
      for (const text of names ?? []) {
        const { path, name } = splitPathName(text);
        this.state.addPrincipal(kind, name, path);
      }
    }
  }

  /** Every call answered, in order, with its parameters and the error code answered. */
  get calls(): readonly IamCall[] {
    return this.log;
  }

  /** Makes matching calls fail with `fault.code`; returns a function that disarms it. */
  injectFault(fault: IamFault): () => void {
    const armed: ArmedFault = { fault, left: fault.times ?? Number.POSITIVE_INFINITY };
    this.faults.push(armed);
    return () => {
      const i = this.faults.indexOf(armed);
      if (i >= 0) this.faults.splice(i, 1);
    };
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Eventual consistency: a detach still shows in the next `reads` reads that would see it. */
  setDetachVisibleAfterReads(reads: number): void {
    this.state.detachVisibleAfterReads = Math.max(0, Math.floor(reads));
  }

  handle(request: StandinRequest): StandinResponse {
    const form = new URLSearchParams(request.method === 'POST' ? request.body : '');
    for (const [k, v] of request.query) if (!form.has(k)) form.set(k, v);
    const params: Record<string, string> = Object.fromEntries(form);
    const action = params['Action'] ?? '';
    this.requests++;
    try {
      const shared = this.shared?.take('iam', action, resourcesOf(params));
      if (shared) {
        this.log.push({ action, params, error: shared.code as IamErrorCode });
        return queryError(shared, XMLNS, this.requestId());
      }
      const fault = this.faultFor(action, params);
      if (fault) throw new IamError(fault.code, fault.message ?? `injected ${fault.code} for ${action}`);
      const result = this.dispatch(action, params);
      this.log.push({ action, params, error: null });
      return this.answer(action, result);
    } catch (error) {
      if (!(error instanceof IamError)) throw error;
      this.log.push({ action, params, error: error.code });
      return this.errorAnswer(error);
    }
  }

  private faultFor(action: string, params: Readonly<Record<string, string>>): IamFault | null {
    for (const armed of this.faults) {
      const { fault } = armed;
      if (armed.left <= 0 || (fault.action !== '*' && fault.action !== action)) continue;
      if (fault.when && !fault.when(params)) continue;
      armed.left--;
      return fault;
    }
    return null;
  }

  private requestId(): string {
    const n = this.requests.toString(16).padStart(12, '0');
    return `00000000-0000-4000-8000-${n}`;
  }

  private answer(action: string, result: string | null): StandinResponse {
    const body =
      `<?xml version="1.0" encoding="UTF-8"?><${action}Response xmlns="${XMLNS}">` +
      (result === null ? '' : `<${action}Result>${result}</${action}Result>`) +
      `<ResponseMetadata>${el('RequestId', this.requestId())}</ResponseMetadata></${action}Response>`;
    return { status: 200, headers: XML_HEADERS, body };
  }

  private errorAnswer(error: IamError): StandinResponse {
    return queryError(
      { code: error.code, status: IAM_ERRORS[error.code], message: error.message },
      XMLNS,
      this.requestId(),
    );
  }

  private dispatch(action: string, params: Readonly<Record<string, string>>): string | null {
    const need = (name: string): string => {
      const value = params[name];
      if (value === undefined || value === '') {
        throw new IamError(
          'InvalidInput',
          `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
        );
      }
      return value;
    };
    const s = this.state;
    const attachment = /^(Attach|Detach)(Role|User|Group)Policy$/.exec(action);
    if (attachment) {
      const kind = (attachment[2] ?? '').toLowerCase() as IamPrincipalKind;
      const name = need(`${KIND_TAG[kind]}Name`);
      if (attachment[1] === 'Attach') s.attach(kind, name, need('PolicyArn'));
      else s.detach(kind, name, need('PolicyArn'));
      return null;
    }
    const listAttached = /^ListAttached(Role|User|Group)Policies$/.exec(action);
    if (listAttached) {
      const kind = (listAttached[1] ?? '').toLowerCase() as IamPrincipalKind;
      const prefix = params['PathPrefix'] ?? '/';
      const attached = s.attachedTo(kind, need(`${KIND_TAG[kind]}Name`)).filter((p) => p.path.startsWith(prefix));
      const { slice, tail } = page(attached, params);
      return `<AttachedPolicies>${members(slice.map((p) => el('PolicyName', p.name) + el('PolicyArn', p.arn)))}</AttachedPolicies>${tail}`;
    }
    switch (action) {
      case 'CreatePolicy': {
        const policy = s.createPolicy(
          need('PolicyName'),
          need('PolicyDocument'),
          params['Path'] ?? '/',
          params['Description'] ?? '',
        );
        return `<Policy>${policyXml(policy, 0)}</Policy>`;
      }
      case 'GetPolicy': {
        const arn = need('PolicyArn');
        const policy = s.policy(arn);
        return `<Policy>${policyXml(policy, s.entitiesFor(arn, false).length)}</Policy>`;
      }
      case 'GetPolicyVersion': {
        const version = s.policyVersion(need('PolicyArn'), need('VersionId'));
        return (
          `<PolicyVersion>${el('Document', encodeDocument(version.document))}${el('VersionId', version.versionId)}` +
          `${el('IsDefaultVersion', true)}${el('CreateDate', version.createDate.toISOString())}</PolicyVersion>`
        );
      }
      case 'DeletePolicy':
        s.deletePolicy(need('PolicyArn'));
        return null;
      case 'ListEntitiesForPolicy': {
        const entities = s.entitiesFor(need('PolicyArn'));
        const filter = params['EntityFilter'];
        const of = (kind: IamPrincipalKind) =>
          filter === undefined || filter.toLowerCase() === kind
            ? entities
                .filter((e) => e.kind === kind)
                .map((e) => el(`${KIND_TAG[e.kind]}Name`, e.name) + el(`${KIND_TAG[e.kind]}Id`, e.id))
            : [];
        return (
          `<PolicyGroups>${members(of('group'))}</PolicyGroups><PolicyUsers>${members(of('user'))}</PolicyUsers>` +
          `<PolicyRoles>${members(of('role'))}</PolicyRoles>${el('IsTruncated', false)}`
        );
      }
      case 'ListRoles':
      case 'ListUsers':
      case 'ListGroups': {
        const kind = action.slice(4, -1).toLowerCase() as IamPrincipalKind;
        const { slice, tail } = page(s.listPrincipals(kind, params['PathPrefix'] ?? '/'), params);
        return `<${KIND_TAG[kind]}s>${members(slice.map(principalXml))}</${KIND_TAG[kind]}s>${tail}`;
      }
      default:
        throw new IamError('InvalidInput', `Could not find operation ${action} for version 2010-05-08`);
    }
  }
}
