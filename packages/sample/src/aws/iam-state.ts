// The IAM stand-in's state: principals (roles, users, groups), customer managed policies with their
// versions, and which policy is attached to whom. Operations throw IamError in IAM's own codes;
// the service (iam.ts) turns them into IAM's XML. An eventual-consistency mode keeps a detached
// attachment visible to reads for a number of reads, as IAM does for a few seconds.

export type IamPrincipalKind = 'role' | 'user' | 'group';

/** IAM's error codes the stand-in answers, with their HTTP status. */
export const IAM_ERRORS = {
  NoSuchEntity: 404,
  LimitExceeded: 409,
  EntityAlreadyExists: 409,
  DeleteConflict: 409,
  Throttling: 400,
  AccessDenied: 403,
  MalformedPolicyDocument: 400,
  InvalidInput: 400,
  ServiceFailure: 500,
} as const;

export type IamErrorCode = keyof typeof IAM_ERRORS;

export class IamError extends Error {
  constructor(
    readonly code: IamErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IamError';
  }
}

export interface IamPrincipal {
  readonly kind: IamPrincipalKind;
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly arn: string;
  readonly createDate: Date;
}

export interface IamPolicyVersion {
  readonly versionId: string;
  /** The document text as CreatePolicy received it. */
  readonly document: string;
  readonly createDate: Date;
}

export interface IamPolicy {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly arn: string;
  readonly description: string;
  readonly createDate: Date;
  readonly defaultVersionId: string;
  readonly versions: readonly IamPolicyVersion[];
}

interface Ghost {
  readonly kind: IamPrincipalKind;
  readonly name: string;
  readonly policyArn: string;
  readsLeft: number;
}

const ID_PREFIX: Readonly<Record<IamPrincipalKind | 'policy', string>> = {
  role: 'AROA',
  user: 'AIDA',
  group: 'AGPA',
  policy: 'ANPA',
};

/** IAM's quota of customer managed policies per account. */
export const DEFAULT_POLICY_QUOTA = 1500;
/** IAM's quota of managed policies attached to one role, user or group (raised from 10 to 20). */
export const DEFAULT_ATTACHMENT_QUOTA = 20;

const NAME = /^[\w+=,.@-]{1,128}$/;

function checkPath(path: string): string {
  if (!/^\/([\x21-\x7e]*\/)?$/.test(path) || path.length > 512) {
    throw new IamError('InvalidInput', `Path ${path} is not a valid IAM path (it begins and ends with /).`);
  }
  return path;
}

export interface IamStateOptions {
  readonly accountId: string;
  readonly now: () => Date;
  readonly policyQuota: number;
  readonly attachmentQuota: number;
}

export class IamState {
  private readonly principals = new Map<string, IamPrincipal>();
  private readonly policies = new Map<string, IamPolicy>();
  /** `kind/name` → attached policy ARNs, in attach order. */
  private readonly attachments = new Map<string, string[]>();
  private readonly ghosts: Ghost[] = [];
  private serial = 0;
  /** How many reads a detach stays invisible for (0: at once). */
  detachVisibleAfterReads = 0;

  constructor(private readonly options: IamStateOptions) {}

  get accountId(): string {
    return this.options.accountId;
  }

  private nextId(kind: IamPrincipalKind | 'policy'): string {
    this.serial++;
    return `${ID_PREFIX[kind]}${String(this.serial).padStart(17, '0')}`;
  }

  addPrincipal(kind: IamPrincipalKind, name: string, path = '/'): IamPrincipal {
    if (!NAME.test(name)) throw new IamError('InvalidInput', `${name} is not a valid ${kind} name.`);
    const key = `${kind}/${name}`;
    const existing = this.principals.get(key);
    if (existing) return existing;
    const principal: IamPrincipal = {
      kind,
      name,
      path: checkPath(path),
      id: this.nextId(kind),
      arn: `arn:aws:iam::${this.accountId}:${kind}${path}${name}`,
      createDate: this.options.now(),
    };
    this.principals.set(key, principal);
    return principal;
  }

  principal(kind: IamPrincipalKind, name: string): IamPrincipal {
    const found = this.principals.get(`${kind}/${name}`);
    if (!found) {
      throw new IamError('NoSuchEntity', `The ${kind} with name ${name} cannot be found.`);
    }
    return found;
  }

  listPrincipals(kind: IamPrincipalKind, pathPrefix = '/'): IamPrincipal[] {
    return [...this.principals.values()]
      .filter((p) => p.kind === kind && p.path.startsWith(pathPrefix))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  createPolicy(name: string, document: string, path = '/', description = ''): IamPolicy {
    if (!NAME.test(name)) throw new IamError('InvalidInput', `${name} is not a valid policy name.`);
    const arn = `arn:aws:iam::${this.accountId}:policy${checkPath(path)}${name}`;
    if ([...this.policies.values()].some((p) => p.name === name)) {
      throw new IamError(
        'EntityAlreadyExists',
        `A policy called ${name} already exists. Duplicate names are not allowed.`,
      );
    }
    if (this.policies.size >= this.options.policyQuota) {
      throw new IamError('LimitExceeded', `Cannot exceed quota for PoliciesPerAccount: ${this.options.policyQuota}`);
    }
    try {
      const parsed: unknown = JSON.parse(document);
      if (parsed === null || typeof parsed !== 'object' || !('Statement' in parsed)) throw new Error('no Statement');
    } catch {
      throw new IamError('MalformedPolicyDocument', 'Syntax errors in policy.');
    }
    const now = this.options.now();
    const policy: IamPolicy = {
      name,
      path,
      id: this.nextId('policy'),
      arn,
      description,
      createDate: now,
      defaultVersionId: 'v1',
      versions: [{ versionId: 'v1', document, createDate: now }],
    };
    this.policies.set(arn, policy);
    return policy;
  }

  policy(arn: string): IamPolicy {
    const found = this.policies.get(arn);
    if (!found) throw new IamError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
    return found;
  }

  policyVersion(arn: string, versionId: string): IamPolicyVersion {
    const version = this.policy(arn).versions.find((v) => v.versionId === versionId);
    if (!version) throw new IamError('NoSuchEntity', `Policy ${arn} version ${versionId} does not exist.`);
    return version;
  }

  deletePolicy(arn: string): void {
    this.policy(arn);
    if (this.entitiesFor(arn, false).length > 0) {
      throw new IamError('DeleteConflict', 'Cannot delete a policy attached to entities.');
    }
    this.policies.delete(arn);
    for (let i = this.ghosts.length - 1; i >= 0; i--) if (this.ghosts[i]?.policyArn === arn) this.ghosts.splice(i, 1);
  }

  attach(kind: IamPrincipalKind, name: string, policyArn: string): void {
    this.principal(kind, name);
    this.policy(policyArn);
    const key = `${kind}/${name}`;
    const list = this.attachments.get(key) ?? [];
    if (list.includes(policyArn)) return; // IAM answers an attach of an attached policy with success
    if (list.length >= this.options.attachmentQuota) {
      throw new IamError(
        'LimitExceeded',
        `Cannot exceed quota for PoliciesPer${kind.charAt(0).toUpperCase()}${kind.slice(1)}: ${this.options.attachmentQuota}`,
      );
    }
    this.attachments.set(key, [...list, policyArn]);
    this.dropGhost(kind, name, policyArn);
  }

  detach(kind: IamPrincipalKind, name: string, policyArn: string): void {
    this.principal(kind, name);
    this.policy(policyArn);
    const key = `${kind}/${name}`;
    const list = this.attachments.get(key) ?? [];
    if (!list.includes(policyArn)) {
      throw new IamError('NoSuchEntity', `Policy ${policyArn} was not found.`);
    }
    this.attachments.set(
      key,
      list.filter((a) => a !== policyArn),
    );
    if (this.detachVisibleAfterReads > 0) {
      this.dropGhost(kind, name, policyArn);
      this.ghosts.push({ kind, name, policyArn, readsLeft: this.detachVisibleAfterReads });
    }
  }

  private dropGhost(kind: IamPrincipalKind, name: string, policyArn: string): void {
    const i = this.ghosts.findIndex((g) => g.kind === kind && g.name === name && g.policyArn === policyArn);
    if (i >= 0) this.ghosts.splice(i, 1);
  }

  /** One read's view of the ghosts matching `match`: each seen ghost has one read fewer left. */
  private readGhosts(match: (g: Ghost) => boolean): Ghost[] {
    const seen = this.ghosts.filter((g) => match(g) && g.readsLeft > 0);
    for (const g of seen) g.readsLeft--;
    for (let i = this.ghosts.length - 1; i >= 0; i--)
      if ((this.ghosts[i]?.readsLeft ?? 0) <= 0) this.ghosts.splice(i, 1);
    return seen;
  }

  /** What a read of a principal's attached policies returns (eventually consistent). */
  attachedTo(kind: IamPrincipalKind, name: string, asRead = true): IamPolicy[] {
    this.principal(kind, name);
    const arns = [...(this.attachments.get(`${kind}/${name}`) ?? [])];
    if (asRead) {
      for (const g of this.readGhosts((g) => g.kind === kind && g.name === name)) {
        if (!arns.includes(g.policyArn)) arns.push(g.policyArn);
      }
    }
    return arns.flatMap((arn) => {
      const policy = this.policies.get(arn);
      return policy ? [policy] : [];
    });
  }

  /** The principals a policy is attached to (a read when `asRead`: ghosts included and counted). */
  entitiesFor(policyArn: string, asRead = true): IamPrincipal[] {
    const found: IamPrincipal[] = [];
    for (const [key, arns] of this.attachments) {
      if (!arns.includes(policyArn)) continue;
      const principal = this.principals.get(key);
      if (principal) found.push(principal);
    }
    if (asRead) {
      for (const g of this.readGhosts((g) => g.policyArn === policyArn)) {
        const principal = this.principals.get(`${g.kind}/${g.name}`);
        if (principal && !found.includes(principal)) found.push(principal);
      }
    }
    return found;
  }

  /** Every attachment as it truly is (no ghosts, nothing counted): for tests. */
  trueAttachments(kind: IamPrincipalKind, name: string): readonly string[] {
    return [...(this.attachments.get(`${kind}/${name}`) ?? [])];
  }

  allPolicies(): IamPolicy[] {
    return [...this.policies.values()];
  }
}
