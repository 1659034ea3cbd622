// The IAM calls of the guardrails (a deny policy with its own expiry, attached to roles, users
// and groups, detached by the TTL clean-up), on @aws-sdk/client-iam. Errors are the SDK's own:
// the engine judges them with normaliseAwsError. Lists are read to the end (Marker paging).
import type { PrincipalKind, PrincipalRef } from '@opsguard/core';
import type { IAMClient } from '@aws-sdk/client-iam';
import { namedExports } from './load-sdk.js';

export interface CreatedPolicy {
  readonly arn: string;
  readonly name: string;
  readonly defaultVersionId: string;
}

export interface PolicyInfo extends CreatedPolicy {
  readonly attachmentCount: number;
}

export interface AttachedPolicy {
  readonly policyName: string;
  readonly policyArn: string;
}

export interface PolicyEntity {
  readonly kind: PrincipalKind;
  readonly name: string;
}

export interface NewPolicy {
  readonly name: string;
  /** `/opsguard/guardrails/`: the clean-up and people find OpsGuard's policies by it. */
  readonly path: string;
  readonly document: string;
  readonly description: string;
}

/** What the guardrail executor and clean-up need of IAM. */
export interface IamGuardrailApi {
  createPolicy(policy: NewPolicy): Promise<CreatedPolicy>;
  getPolicy(policyArn: string): Promise<PolicyInfo>;
  /** The version's document, decoded (IAM returns it URL-encoded). */
  getPolicyDocument(policyArn: string, versionId: string): Promise<string>;
  deletePolicy(policyArn: string): Promise<void>;
  attachPolicy(principal: PrincipalRef, policyArn: string): Promise<void>;
  detachPolicy(principal: PrincipalRef, policyArn: string): Promise<void>;
  listAttachedPolicies(principal: PrincipalRef): Promise<AttachedPolicy[]>;
  listEntitiesForPolicy(policyArn: string): Promise<PolicyEntity[]>;
  /** Every role, user or group of the account (to resolve wildcard principal patterns). */
  listPrincipals(kind: PrincipalKind): Promise<PrincipalRef[]>;
}

function accountOf(arn: string): string {
  return arn.split(':')[4] ?? '';
}

function decodeDocument(text: string): string {
  return text.trimStart().startsWith('{') ? text : decodeURIComponent(text);
}

/** Reads every page of a Marker-paged IAM list. */
async function allPages<T>(read: (marker: string | undefined) => Promise<{ items: T[]; marker?: string }>) {
  const items: T[] = [];
  let marker: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const next = await read(marker);
    items.push(...next.items);
    if (next.marker === undefined) return items;
    marker = next.marker;
  }
  throw new Error('IAM list did not end after 1000 pages');
}

/** The IAM guardrail calls on `client` (build it with createAwsClients: IAM is signed for us-east-1). */
export async function iamGuardrailApi(client: IAMClient): Promise<IamGuardrailApi> {
  const sdk = namedExports(await import('@aws-sdk/client-iam'));
  const markerOf = (out: { IsTruncated?: boolean | undefined; Marker?: string | undefined }) =>
    out.IsTruncated === true && out.Marker !== undefined ? { marker: out.Marker } : {};
  return {
    async createPolicy(policy) {
      const out = await client.send(
        new sdk.CreatePolicyCommand({
          PolicyName: policy.name,
          Path: policy.path,
          PolicyDocument: policy.document,
          Description: policy.description,
        }),
      );
      const created = out.Policy;
      if (!created?.Arn) throw new Error(`CreatePolicy ${policy.name} answered without a policy ARN`);
      return {
        arn: created.Arn,
        name: created.PolicyName ?? policy.name,
        defaultVersionId: created.DefaultVersionId ?? 'v1',
      };
    },
    async getPolicy(policyArn) {
      const out = await client.send(new sdk.GetPolicyCommand({ PolicyArn: policyArn }));
      const p = out.Policy;
      if (!p?.Arn) throw new Error(`GetPolicy ${policyArn} answered without a policy`);
      return {
        arn: p.Arn,
        name: p.PolicyName ?? '',
        defaultVersionId: p.DefaultVersionId ?? 'v1',
        attachmentCount: p.AttachmentCount ?? 0,
      };
    },
    async getPolicyDocument(policyArn, versionId) {
      const out = await client.send(new sdk.GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId }));
      const document = out.PolicyVersion?.Document;
      if (document === undefined)
        throw new Error(`GetPolicyVersion ${policyArn} ${versionId} answered without a document`);
      return decodeDocument(document);
    },
    async deletePolicy(policyArn) {
      await client.send(new sdk.DeletePolicyCommand({ PolicyArn: policyArn }));
    },
    async attachPolicy(principal, policyArn) {
      const { name } = principal;
      if (principal.kind === 'role')
        await client.send(new sdk.AttachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn }));
      else if (principal.kind === 'user')
        await client.send(new sdk.AttachUserPolicyCommand({ UserName: name, PolicyArn: policyArn }));
      else await client.send(new sdk.AttachGroupPolicyCommand({ GroupName: name, PolicyArn: policyArn }));
    },
    async detachPolicy(principal, policyArn) {
      const { name } = principal;
      if (principal.kind === 'role')
        await client.send(new sdk.DetachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn }));
      else if (principal.kind === 'user')
        await client.send(new sdk.DetachUserPolicyCommand({ UserName: name, PolicyArn: policyArn }));
      else await client.send(new sdk.DetachGroupPolicyCommand({ GroupName: name, PolicyArn: policyArn }));
    },
    listAttachedPolicies(principal) {
      return allPages(async (Marker) => {
        const { name } = principal;
        const out =
          principal.kind === 'role'
            ? await client.send(new sdk.ListAttachedRolePoliciesCommand({ RoleName: name, Marker }))
            : principal.kind === 'user'
              ? await client.send(new sdk.ListAttachedUserPoliciesCommand({ UserName: name, Marker }))
              : await client.send(new sdk.ListAttachedGroupPoliciesCommand({ GroupName: name, Marker }));
        const items = (out.AttachedPolicies ?? []).flatMap((p) =>
          p.PolicyArn ? [{ policyName: p.PolicyName ?? '', policyArn: p.PolicyArn }] : [],
        );
        return { items, ...markerOf(out) };
      });
    },
    listEntitiesForPolicy(policyArn) {
      return allPages(async (Marker) => {
        const out = await client.send(new sdk.ListEntitiesForPolicyCommand({ PolicyArn: policyArn, Marker }));
        const items: PolicyEntity[] = [
          ...(out.PolicyRoles ?? []).flatMap((r) => (r.RoleName ? [{ kind: 'role' as const, name: r.RoleName }] : [])),
          ...(out.PolicyUsers ?? []).flatMap((u) => (u.UserName ? [{ kind: 'user' as const, name: u.UserName }] : [])),
          ...(out.PolicyGroups ?? []).flatMap((g) =>
            g.GroupName ? [{ kind: 'group' as const, name: g.GroupName }] : [],
          ),
        ];
        return { items, ...markerOf(out) };
      });
    },
    listPrincipals(kind) {
      const ref = (arn: string | undefined, name: string | undefined): PrincipalRef[] =>
        arn && name ? [{ arn, kind, name, accountId: accountOf(arn) }] : [];
      return allPages(async (Marker) => {
        if (kind === 'role') {
          const out = await client.send(new sdk.ListRolesCommand({ Marker }));
          return { items: (out.Roles ?? []).flatMap((r) => ref(r.Arn, r.RoleName)), ...markerOf(out) };
        }
        if (kind === 'user') {
          const out = await client.send(new sdk.ListUsersCommand({ Marker }));
          return { items: (out.Users ?? []).flatMap((u) => ref(u.Arn, u.UserName)), ...markerOf(out) };
        }
        const out = await client.send(new sdk.ListGroupsCommand({ Marker }));
        return { items: (out.Groups ?? []).flatMap((g) => ref(g.Arn, g.GroupName)), ...markerOf(out) };
      });
    },
  };
}
