/**
 * @module The live catalog's infrastructure, per function: off by default; on, only the functions
 * that fetch the listing into the catalog snapshot (maintenance, admin) get the read-only list and
 * Price List actions, the gateway none of them (it reads the snapshot with its table reads), plus
 * invoke on listed models for the gateway (and every role given its invoke policies).
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { asArray, iamStatements, synthGateway, variablesOf } from './support';

const FETCH_ACTIONS = ['bedrock:ListFoundationModels', 'bedrock:ListInferenceProfiles', 'pricing:GetProducts'];

/** Statements of every policy attached to the role of the function whose description starts with `prefix`. */
function statementsOfFunction(template: Template, prefix: string): Record<string, unknown>[] {
  const functions = Object.values(template.findResources('AWS::Lambda::Function')) as { Properties: { Description?: string; Role: { 'Fn::GetAtt': [string, string] } } }[];
  const [fn] = functions.filter((candidate) => candidate.Properties.Description?.startsWith(prefix) === true);
  const roleId = fn?.Properties.Role['Fn::GetAtt'][0];
  const statements: Record<string, unknown>[] = [];
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const resource of Object.values(template.findResources(type)) as { Properties: { Roles?: { Ref: string }[]; PolicyDocument: { Statement: Record<string, unknown>[] } } }[]) {
      if ((resource.Properties.Roles ?? []).some((role) => role.Ref === roleId)) statements.push(...resource.Properties.PolicyDocument.Statement);
    }
  }
  return statements;
}

const actionsOf = (statements: readonly Record<string, unknown>[]): string[] => [...new Set(statements.flatMap((statement) => asArray(statement['Action']) as string[]))];

// Two syntheses for the whole file: the default, and the live catalog on (with audit sessions, whose role gets the invoke policies).
const off = synthGateway();
const on = synthGateway({ catalogRefresh: true, auditIdentity: true }, 'LiveCatalog');

describe('catalogRefresh', () => {
  it('is off by default: no list or Price List action for any function, invoke scoped to catalog ARNs, no GATEWAY_CATALOG_REFRESH', () => {
    const { template } = off;

    for (const action of FETCH_ACTIONS) expect(actionsOf(iamStatements(template))).not.toContain(action);
    expect(iamStatements(template).filter((statement) => statement['Sid'] === 'InvokeListedModels')).toEqual([]);
    for (const fn of ['OpenAI-compatible', 'Admin API', 'Ledger maintenance']) expect(variablesOf(template, fn)['GATEWAY_CATALOG_REFRESH']).toBeUndefined();
  });

  it.each([
    { fn: 'Ledger maintenance', fetches: true, why: 'fetches the listing into the snapshot once it is a day old' },
    { fn: 'Admin API', fetches: true, why: 'POST /admin/maintenance/refresh-catalog fetches on demand' },
    { fn: 'OpenAI-compatible', fetches: false, why: 'reads the snapshot from the ledger table' },
    { fn: 'REQUEST authorizer', fetches: false, why: 'has no catalog' },
  ])('on: the $fn function gets the list and Price List actions: $fetches ($why)', ({ fn, fetches }) => {
    const { template } = on;

    const statements = statementsOfFunction(template, fn).filter((statement) => actionsOf([statement]).some((action) => FETCH_ACTIONS.includes(action)));
    if (!fetches) {
      expect(statements).toEqual([]);
      return;
    }
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ Effect: 'Allow', Resource: '*' });
    expect(actionsOf(statements).sort()).toEqual(FETCH_ACTIONS);
  });

  it('on: the gateway, admin and maintenance functions get the flag', () => {
    const { template } = on;

    for (const fn of ['OpenAI-compatible', 'Admin API', 'Ledger maintenance']) expect(variablesOf(template, fn)['GATEWAY_CATALOG_REFRESH']).toBe('true');
  });

  it("on: the gateway may invoke every foundation model and the account's inference profiles, system-defined and application, in a managed policy", () => {
    const { template, stack } = on;

    const [invoke] = statementsOfFunction(template, 'OpenAI-compatible').filter((statement) => statement['Sid'] === 'InvokeListedModels');
    expect(invoke?.['Action']).toEqual(['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream', 'bedrock:CountTokens']);
    const resources = JSON.stringify(invoke?.['Resource']);
    expect(resources).toContain(':bedrock:*::foundation-model/*');
    expect(resources).toContain(':inference-profile/*');
    expect(resources).toContain(':application-inference-profile/*');
    expect(stack.bedrockAccess.invokePolicies.map((policy) => policy.node.id)).toContain('InvokeListedModelsPolicy');
  });

  it('the gateway has no list action with the built-in catalog either (its Bedrock listings come from the catalog)', () => {
    const { template } = off;

    expect(actionsOf(statementsOfFunction(template, 'OpenAI-compatible')).filter((action) => action.startsWith('bedrock:List') || action.startsWith('pricing:'))).toEqual([]);
  });

  it('on, with audit sessions: the audit role gets the listed-models policy too (live models are called with its sessions)', () => {
    const { template, stack } = on;
    const listed = stack.bedrockAccess.invokePolicies.find((policy) => policy.node.id === 'InvokeListedModelsPolicy');
    const auditRole = stack.auditIdentity?.role;

    expect(listed).toBeDefined();
    const roles = template.findResources('AWS::IAM::Role');
    const auditRoleResource = roles[stack.getLogicalId(auditRole?.node.defaultChild as never)] as { Properties: { ManagedPolicyArns: unknown[] } };
    expect(auditRoleResource.Properties.ManagedPolicyArns).toContainEqual({ Ref: stack.getLogicalId(listed?.node.defaultChild as never) });
  });
});
