/**
 * @module The live catalog's infrastructure, per function: off by default; on, only the functions
 * that fetch the listing into the catalog snapshot (maintenance, admin) get the read-only list and
 * Price List actions, the gateway none of them (it reads the snapshot with its table reads), plus
 * invoke on listed models for the gateway (and every role given its invoke policies).
 */
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { asArray, iamStatements, statementsOfFunction, synthGateway, variablesOf } from './support';

const FETCH_ACTIONS = ['bedrock:ListFoundationModels', 'bedrock:ListInferenceProfiles', 'pricing:GetProducts'];

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

describe('catalog refresh alarm', () => {
  it('on: alarms when the snapshot fetch fails three maintenance runs in a row, to the alarm topic', () => {
    on.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'CatalogRefreshFailures',
      Dimensions: [{ Name: 'service', Value: 'bedrock-gateway' }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: on.stack.getLogicalId(on.stack.observability.alarmTopic.node.defaultChild as never) }],
    });
  });

  it('off: no such alarm (nothing fetches the snapshot)', () => {
    expect(JSON.stringify(off.template.findResources('AWS::CloudWatch::Alarm'))).not.toContain('CatalogRefreshFailures');
  });
});

describe('configuration naming a model only the live listing brings', () => {
  const config = {
    models: ['claude-sonnet-5', 'claude-sonnet-6'],
    catalog: { overrides: { 'claude-sonnet-6': { maxOutputTokens: 1000 } } },
    routes: { 'sonnet-latest': ['claude-sonnet-6', 'claude-sonnet-5'] },
  };

  it('synthesises with the live catalog, warning about each name that waits for the listing', () => {
    const { stack } = synthGateway({ ...config, catalogRefresh: true }, 'AwaitsListing');
    Annotations.fromStack(stack).hasWarning(
      '/AwaitsListing',
      Match.stringLikeRegexp('allowList\\[1\\]: "claude-sonnet-6"; routes sonnet-latest.targets\\[0\\]: "claude-sonnet-6"'),
    );
  });

  it.each([
    { name: 'the allow-list', input: { models: ['claude-sonnet-6'] }, error: 'allowList[0]: "claude-sonnet-6" names no catalog model.' },
    { name: 'an override', input: { catalog: { overrides: { 'claude-sonnet-6': { maxOutputTokens: 1000 } } } }, error: 'overrides.claude-sonnet-6: no catalog entry has this id.' },
    { name: 'a route', input: { routes: { latest: ['claude-sonnet-6'] } }, error: 'gateway.routes latest.targets[0]: unknown model "claude-sonnet-6"' },
  ])('fails synthesis without it when $name names such a model', ({ input, error }) => {
    expect(() => synthGateway(input, 'Strict')).toThrow(error);
  });
});
