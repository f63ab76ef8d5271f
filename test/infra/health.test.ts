/** @module Health routes in the template: unauthenticated GETs to the gateway function, open in a private API's policy, exempt from the WAF rate rule. */
import { Match } from 'aws-cdk-lib/assertions';
import { PRIVATE_CONFIG, synthGateway } from './support';

const { template, stack } = synthGateway({}, 'Health');

function resourceId(pathPart: string): string {
  const found = Object.entries(template.findResources('AWS::ApiGateway::Resource', { Properties: { PathPart: pathPart } }));
  expect(found).toHaveLength(1);
  return (found[0] as [string, unknown])[0];
}

describe('health routes', () => {
  it.each([{ pathPart: 'health' }, { pathPart: 'ready' }])('GET /$pathPart has no authorizer and streams from the gateway function', ({ pathPart }) => {
    const gatewayFunction = stack.getLogicalId(stack.gatewayFunction.function.node.defaultChild as never);
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      ResourceId: { Ref: resourceId(pathPart) },
      AuthorizationType: 'NONE',
      Integration: Match.objectLike({ ResponseTransferMode: 'STREAM' }),
    });
    const methods = template.findResources('AWS::ApiGateway::Method', { Properties: { ResourceId: { Ref: resourceId(pathPart) } } });
    expect(Object.values(methods).map((method) => (method as { Properties: { HttpMethod: string } }).Properties.HttpMethod)).toEqual(['GET']);
    expect(JSON.stringify(methods)).toContain(gatewayFunction);
  });

  it('exempts exactly the health paths from the per-IP rate rule', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'RateLimitPerIp',
          Statement: {
            RateBasedStatement: Match.objectLike({
              ScopeDownStatement: {
                NotStatement: {
                  Statement: {
                    OrStatement: {
                      Statements: ['/prod/health', '/health', '/prod/health/ready', '/health/ready'].map((path) => ({
                        ByteMatchStatement: { FieldToMatch: { UriPath: {} }, PositionalConstraint: 'EXACTLY', SearchString: path, TextTransformations: [{ Priority: 0, Type: 'NONE' }] },
                      })),
                    },
                  },
                },
              },
            }),
          },
        }),
      ]),
    });
  });

  it('lets anyone who reaches a private API call the health routes (GET only)', () => {
    const { template: privateTemplate } = synthGateway(PRIVATE_CONFIG, 'HealthPrivate');
    privateTemplate.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Policy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'AllowHealthProbes', Effect: 'Allow', Resource: ['execute-api:/prod/GET/health', 'execute-api:/prod/GET/health/ready'] }),
        ]),
      },
    });
  });
});
