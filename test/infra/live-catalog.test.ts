/** @module The live catalog's infrastructure: off by default; on, exactly the read-only list and Price List actions plus invoke on listed models. */
import { iamStatements, synthGateway, variablesOf } from './support';

function statementsWith(template: ReturnType<typeof synthGateway>['template'], action: string): Record<string, unknown>[] {
  return iamStatements(template).filter((statement) => ([] as unknown[]).concat(statement['Action']).includes(action));
}

describe('catalogRefresh', () => {
  it('is off by default: no Price List action, invoke scoped to catalog ARNs, no GATEWAY_CATALOG_REFRESH', () => {
    const { template } = synthGateway();

    expect(statementsWith(template, 'pricing:GetProducts')).toEqual([]);
    expect(iamStatements(template).filter((statement) => statement['Sid'] === 'InvokeListedModels')).toEqual([]);
    expect(variablesOf(template, 'OpenAI-compatible')['GATEWAY_CATALOG_REFRESH']).toBeUndefined();
  });

  it('on: the gateway and admin functions get the flag, the read-only list actions and GetProducts on *, the gateway invoke on listed models', () => {
    const { template } = synthGateway({ catalogRefresh: true });

    expect(variablesOf(template, 'OpenAI-compatible')['GATEWAY_CATALOG_REFRESH']).toBe('true');
    expect(variablesOf(template, 'Admin API')['GATEWAY_CATALOG_REFRESH']).toBe('true');
    const getProducts = statementsWith(template, 'pricing:GetProducts');
    expect(getProducts).toHaveLength(2);
    for (const statement of getProducts) {
      expect(statement).toMatchObject({ Effect: 'Allow', Resource: '*' });
      expect(([] as unknown[]).concat(statement['Action']).sort()).toEqual(['bedrock:ListFoundationModels', 'bedrock:ListInferenceProfiles', 'pricing:GetProducts']);
    }
    const [invoke] = iamStatements(template).filter((statement) => statement['Sid'] === 'InvokeListedModels');
    expect(invoke?.['Action']).toEqual(['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream', 'bedrock:CountTokens']);
    expect(JSON.stringify(invoke?.['Resource'])).toContain(':bedrock:*::foundation-model/*');
    expect(JSON.stringify(invoke?.['Resource'])).toContain(':inference-profile/*');
  });
});
