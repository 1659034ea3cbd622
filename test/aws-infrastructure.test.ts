import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The CloudFormation template, checked offline: every reference resolves, the roles carry the
// policy files the least-privilege test checks, budgets.amazonaws.com may publish to the alert
// topic, the forwarder is subscribed and allowed, OIDC trust is scoped, and no keys exist.
const INFRA = join(import.meta.dirname, '../infra/aws');
const read = (file: string) => JSON.parse(readFileSync(join(INFRA, file), 'utf8')) as Record<string, unknown>;
const template = read('cost-guard.template.json') as {
  Parameters: Record<string, unknown>;
  Conditions: Record<string, unknown>;
  Resources: Record<
    string,
    { Type: string; Condition?: string; DependsOn?: string; Properties: Record<string, unknown> }
  >;
  Outputs: Record<string, unknown>;
};
const PSEUDO = new Set(['AWS::AccountId', 'AWS::Region', 'AWS::Partition', 'AWS::StackName', 'AWS::URLSuffix']);

function references(value: unknown, found: { refs: string[]; atts: string[]; subs: string[] }) {
  if (Array.isArray(value)) for (const item of value) references(item, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string') found.refs.push(inner);
      else if (key === 'Fn::GetAtt' && Array.isArray(inner)) found.atts.push(String(inner[0]));
      else if (key === 'Fn::Sub' && typeof inner === 'string')
        for (const m of inner.matchAll(/\$\{([^}]+)\}/g)) found.subs.push((m[1] as string).split('.')[0] as string);
      else references(inner, found);
    }
  }
  return found;
}

const resource = (name: string) => {
  const r = template.Resources[name];
  if (!r) throw new Error(`no resource ${name}`);
  return r;
};

describe('infra/aws/cost-guard.template.json', () => {
  it('every Ref, GetAtt and Sub names a parameter, resource or pseudo parameter', () => {
    const found = references({ r: template.Resources, o: template.Outputs }, { refs: [], atts: [], subs: [] });
    const known = new Set([...Object.keys(template.Parameters), ...Object.keys(template.Resources), ...PSEUDO]);
    expect([...found.refs, ...found.subs].filter((r) => !known.has(r))).toEqual([]);
    expect(found.atts.filter((r) => !(r in template.Resources))).toEqual([]);
    for (const r of Object.values(template.Resources)) {
      if (r.Condition) expect(template.Conditions).toHaveProperty(r.Condition);
      if (r.DependsOn) expect(template.Resources).toHaveProperty(r.DependsOn);
    }
  });

  it('the roles carry exactly the policy files', () => {
    const policy = (role: string) =>
      (resource(role).Properties['Policies'] as { PolicyDocument: unknown }[])[0]?.PolicyDocument;
    expect(policy('PlanRole')).toEqual(read('plan-role-policy.json'));
    expect(policy('ApplyRole')).toEqual(read('apply-role-policy.json'));
  });

  it('OIDC trust: audience sts.amazonaws.com, the repository only, apply only from the approved environment', () => {
    const trust = (role: string) =>
      (
        resource(role).Properties['AssumeRolePolicyDocument'] as {
          Statement: { Action: string; Condition: Record<string, Record<string, unknown>> }[];
        }
      ).Statement[0];
    const plan = trust('PlanRole');
    const apply = trust('ApplyRole');
    expect(plan?.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(plan?.Condition['StringEquals']?.['token.actions.githubusercontent.com:aud']).toBe('sts.amazonaws.com');
    expect(plan?.Condition['StringLike']?.['token.actions.githubusercontent.com:sub']).toEqual({
      'Fn::Sub': 'repo:${GitHubRepository}:*',
    });
    expect(apply?.Condition['StringEquals']?.['token.actions.githubusercontent.com:sub']).toEqual({
      'Fn::Sub': 'repo:${GitHubRepository}:environment:${ApplyEnvironment}',
    });
    expect(apply?.Condition['StringLike']).toBeUndefined();
  });

  it('budgets.amazonaws.com may publish to the alert topic, the budget notifies it, the forwarder is subscribed and invocable by SNS', () => {
    const statement = (
      resource('AlertTopicPolicy').Properties['PolicyDocument'] as { Statement: Record<string, unknown>[] }
    ).Statement[0];
    expect(statement).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'budgets.amazonaws.com' },
      Action: 'SNS:Publish',
      Resource: { Ref: 'AlertTopic' },
    });
    expect(JSON.stringify(resource('Budget').Properties)).toContain(
      '{"SubscriptionType":"SNS","Address":{"Ref":"AlertTopic"}}',
    );
    expect(resource('ForwarderSubscription').Properties).toMatchObject({
      TopicArn: { Ref: 'AlertTopic' },
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': ['Forwarder', 'Arn'] },
    });
    expect(resource('ForwarderInvokePermission').Properties).toMatchObject({
      Principal: 'sns.amazonaws.com',
      SourceArn: { Ref: 'AlertTopic' },
    });
    expect(resource('Forwarder').Properties).toMatchObject({ Handler: 'index.handler', Runtime: 'nodejs22.x' });
  });

  it('creates no access keys, users or stored secrets', () => {
    const types = Object.values(template.Resources).map((r) => r.Type);
    expect(
      types.filter((t) => t === 'AWS::IAM::AccessKey' || t === 'AWS::IAM::User' || t === 'AWS::SecretsManager::Secret'),
    ).toEqual([]);
    expect(JSON.stringify(template)).not.toMatch(/AKIA[0-9A-Z]{16}/);
  });
});
