/** @module REST API: streaming integration, authorization per path, endpoint types, resource policy, logs, throttling, TLS. */
import { Capture, Match, type Template } from 'aws-cdk-lib/assertions';
import { ACCESS_LOG_FIELDS } from '../../lib/api';
import { PRIVATE_CONFIG, synthGateway } from './support';

const regional = synthGateway({}, 'Regional').template;
const privateApi = synthGateway(PRIVATE_CONFIG, 'Private').template;

/** The logical id of the API Gateway resource at `path` (e.g. `/iam/v1/{proxy+}`). */
function resourceId(template: Template, path: string): string {
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: { PathPart: string; ParentId: { Ref?: string } } }>;
  const pathOf = (id: string): string => {
    const resource = resources[id];
    if (resource?.Type !== 'AWS::ApiGateway::Resource') return '';
    const parent = resource.Properties.ParentId.Ref;
    return `${parent === undefined ? '' : pathOf(parent)}/${resource.Properties.PathPart}`;
  };
  const ids = Object.keys(resources).filter((id) => resources[id]?.Type === 'AWS::ApiGateway::Resource' && pathOf(id) === path);
  expect(ids).toHaveLength(1);
  return ids[0] as string;
}

/** The parsed `application/json` template of the gateway response of `type`. */
function gatewayResponseBody(template: Template, type: string): unknown {
  const responses = Object.values(template.findResources('AWS::ApiGateway::GatewayResponse', { Properties: { ResponseType: type } }));
  expect(responses).toHaveLength(1);
  const body = (responses[0] as { Properties: { ResponseTemplates: Record<string, string> } }).Properties.ResponseTemplates['application/json'];
  return JSON.parse(body as string);
}

describe.each([
  { name: 'regional', template: regional },
  { name: 'private', template: privateApi },
])('$name API', ({ template }) => {
  it('streams the /v1, /v1/messages, /bedrock and /iam/v1 routes (ANY) and the two health routes (GET) through InvokeWithResponseStream with a 15-minute timeout', () => {
    const streaming = template.findResources('AWS::ApiGateway::Method', {
      Properties: { Integration: { ResponseTransferMode: 'STREAM' } },
    });

    expect(Object.keys(streaming)).toHaveLength(7);
    const methods = Object.values(streaming).map((method) => (method as { Properties: { HttpMethod: string } }).Properties.HttpMethod);
    expect(methods.sort()).toEqual(['ANY', 'ANY', 'ANY', 'ANY', 'ANY', 'GET', 'GET']);
    for (const method of Object.values(streaming)) {
      expect(method).toEqual(
        expect.objectContaining({
          Properties: expect.objectContaining({
            Integration: expect.objectContaining({
              Type: 'AWS_PROXY',
              IntegrationHttpMethod: 'POST',
              TimeoutInMillis: 900_000,
              ResponseTransferMode: 'STREAM',
              Uri: expect.objectContaining({
                'Fn::Join': ['', expect.arrayContaining([expect.stringMatching(/2021-11-15\/functions\/$/), '/response-streaming-invocations'])],
              }),
            }),
          }),
        }),
      );
    }
  });

  it.each(['/v1/{proxy+}', '/bedrock/{proxy+}'])('authorizes %s with the cached REQUEST authorizer on the Authorization header', (path) => {
    const authorizer = new Capture();
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      ResourceId: { Ref: resourceId(template, path) },
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: authorizer },
    });
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: 60,
    });
    expect(template.toJSON().Resources[authorizer.asString()].Type).toBe('AWS::ApiGateway::Authorizer');
  });

  it.each(['/v1/messages', '/v1/messages/{proxy+}'])('authorizes %s with the uncached authorizer that takes Authorization or x-api-key', (path) => {
    const authorizer = new Capture();
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      ResourceId: { Ref: resourceId(template, path) },
      HttpMethod: 'ANY',
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: authorizer },
    });
    // An identity source would make API Gateway refuse requests carrying only the other header.
    const properties = template.toJSON().Resources[authorizer.asString()].Properties;
    expect(properties).toEqual(expect.objectContaining({ Type: 'REQUEST', AuthorizerResultTtlInSeconds: 0 }));
    expect(properties.IdentitySource).toBeUndefined();
  });

  it('outputs the stage root as ANTHROPIC_BASE_URL (Anthropic clients add /v1/messages)', () => {
    const value = new Capture();
    template.hasOutput('AnthropicBaseUrl', { Value: value, Description: Match.stringLikeRegexp('ANTHROPIC_BASE_URL') });
    // `https://{api}.execute-api.{region}.{suffix}/{stage}/`: the stage root, without /v1.
    expect(value.asObject()['Fn::Join'][1].slice(-3)).toEqual(['/', { Ref: expect.stringMatching(/^ApiDeploymentStageprod/) }, '/']);
  });

  it('outputs the /bedrock endpoint for AWS SDKs (AWS_ENDPOINT_URL_BEDROCK_RUNTIME) and Claude Code (ANTHROPIC_BEDROCK_BASE_URL)', () => {
    const value = new Capture();
    template.hasOutput('BedrockEndpointUrl', { Value: value, Description: Match.stringLikeRegexp('AWS_ENDPOINT_URL_BEDROCK_RUNTIME.*ANTHROPIC_BEDROCK_BASE_URL.*AWS_BEARER_TOKEN_BEDROCK') });
    expect(value.asObject()['Fn::Join'][1].slice(-3)).toEqual(['/', { Ref: expect.stringMatching(/^ApiDeploymentStageprod/) }, '/bedrock']);
  });

  it.each(['/iam/v1/{proxy+}', '/admin/{proxy+}'])('authorizes %s with AWS_IAM', (path) => {
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      ResourceId: { Ref: resourceId(template, path) },
      HttpMethod: 'ANY',
      AuthorizationType: 'AWS_IAM',
      AuthorizerId: Match.absent(),
    });
  });

  it('sends /admin to the admin function without streaming', () => {
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      ResourceId: { Ref: resourceId(template, '/admin/{proxy+}') },
      Integration: Match.objectLike({ Type: 'AWS_PROXY', ResponseTransferMode: Match.absent() }),
    });
  });

  it('writes JSON access logs with the streaming timings', () => {
    const format = new Capture();
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: format },
    });
    const fields = JSON.parse(format.asString()) as Record<string, string>;
    expect(fields).toEqual(ACCESS_LOG_FIELDS);
    expect(Object.values(fields)).toEqual(
      expect.arrayContaining([
        '$context.requestId',
        '$context.integration.latency',
        '$context.responseLatency',
        '$context.integration.responseTransferMode',
        '$context.integration.timeToAllHeaders',
        '$context.integration.timeToFirstContent',
      ]),
    );
  });

  it('throttles the stage and never logs request or response bodies', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: 100,
          ThrottlingBurstLimit: 200,
          DataTraceEnabled: false,
          LoggingLevel: 'ERROR',
        }),
      ],
    });
  });

  it('accepts TLS 1.2 and 1.3 only on the default endpoint', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      SecurityPolicy: 'SecurityPolicy_TLS13_1_2_PQ_2025_09',
      EndpointAccessMode: 'BASIC',
    });
  });

  it('answers API Gateway errors in a shape OpenAI, Anthropic and AWS SDK clients read (message at the top too)', () => {
    expect(gatewayResponseBody(template, 'UNAUTHORIZED')).toEqual({
      type: 'error',
      message: 'Missing or invalid credentials.',
      error: { message: 'Missing or invalid credentials.', type: 'authentication_error', code: 'invalid_api_key', param: null },
    });
    expect(gatewayResponseBody(template, 'THROTTLED')).toEqual({
      type: 'error',
      message: expect.any(String),
      error: { message: expect.any(String), type: 'rate_limit_error', code: 'rate_limit_exceeded', param: null },
    });
  });

  it('passes API Gateway\'s own message through for other 4xx answers', () => {
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'DEFAULT_4XX',
      ResponseTemplates: { 'application/json': Match.stringLikeRegexp('"message":\\$context\\.error\\.messageString,') },
    });
  });

  it('lets API Gateway invoke only the five streaming routes, the two health routes, the admin route and the two authorizers', () => {
    template.resourcePropertiesCountIs('AWS::Lambda::Permission', { Principal: 'apigateway.amazonaws.com' }, 10);
  });
});

describe('regional API', () => {
  it('is REGIONAL, never EDGE, and has no resource policy', () => {
    regional.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['REGIONAL'] },
      Policy: Match.absent(),
    });
  });
});

describe('private API', () => {
  it('is PRIVATE and bound to the given execute-api endpoints', () => {
    privateApi.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['PRIVATE'], VpcEndpointIds: ['vpce-0123456789abcdef0', 'vpce-0fedcba9876543210'] },
    });
  });

  it('denies every request that does not come through the endpoints or the allowed VPCs', () => {
    privateApi.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Policy: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowAuthorizerRoutes',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: 'execute-api:Invoke',
            Resource: [
              'execute-api:/prod/GET/v1/*',
              'execute-api:/prod/POST/v1/*',
              'execute-api:/prod/GET/bedrock/*',
              'execute-api:/prod/POST/bedrock/*',
              'execute-api:/prod/DELETE/v1/responses/*',
            ],
          },
          {
            Sid: 'DenyOutsideVpcEndpoints',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'execute-api:Invoke',
            Resource: 'execute-api:/*',
            Condition: { StringNotEquals: { 'aws:SourceVpce': ['vpce-0123456789abcdef0', 'vpce-0fedcba9876543210'] } },
          },
          {
            Sid: 'DenyOutsideSourceVpcs',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'execute-api:Invoke',
            Resource: 'execute-api:/*',
            Condition: { StringNotEquals: { 'aws:SourceVpc': ['vpc-0123456789abcdef0'] } },
          },
        ]),
      },
    });
  });

  describe('grants nothing on /iam or /admin to other accounts (no Allow beyond /v1)', () => {
    /** IAM's resource wildcards: `*` is any run of characters, `/` included; `?` is one character. */
    const iamWildcardMatches = (pattern: string, resource: string): boolean =>
      new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`).test(resource);
    const policy = Object.values(privateApi.findResources('AWS::ApiGateway::RestApi'))[0] as {
      Properties: { Policy: { Statement: { Effect: string; Resource: string | string[] }[] } };
    };
    const allowed = policy.Properties.Policy.Statement.filter((statement) => statement.Effect === 'Allow').flatMap((statement) =>
      Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource],
    );
    const isAllowed = (resource: string): boolean => allowed.some((pattern) => iamWildcardMatches(pattern, resource));

    it.each([
      'execute-api:/prod/POST/iam/v1/chat/completions',
      'execute-api:/prod/GET/iam/v1/models',
      'execute-api:/prod/POST/admin/keys',
      'execute-api:/prod/GET/admin/usage',
      'execute-api:/prod/DELETE/admin/keys/key_1',
      'execute-api:/prod/PATCH/admin/keys/key_1/v1/x',
      'execute-api:/test-invoke-stage/POST/v1/chat/completions',
      'execute-api:/prod/DELETE/v1/chat/completions',
    ])('leaves %s to IAM (no open Allow matches it)', (resource) => {
      expect(isAllowed(resource)).toBe(false);
    });

    it.each([
      'execute-api:/prod/POST/v1/chat/completions',
      'execute-api:/prod/POST/v1/embeddings',
      'execute-api:/prod/GET/v1/models/claude-sonnet-4-5',
      'execute-api:/prod/POST/v1/responses',
      'execute-api:/prod/GET/v1/responses/resp_1',
      'execute-api:/prod/DELETE/v1/responses/resp_1',
    ])(
      'opens %s to the authorizer',
      (resource) => {
        expect(isAllowed(resource)).toBe(true);
      },
    );
  });

  it('creates an execute-api interface endpoint when given a VPC instead of endpoint ids', () => {
    const { template } = synthGateway(
      {
        endpointType: 'private',
        vpcId: 'vpc-0123456789abcdef0',
        subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
        vpcCidrBlock: '10.1.0.0/16',
      },
      'PrivateCreated',
    );

    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcId: 'vpc-0123456789abcdef0',
      VpcEndpointType: 'Interface',
      PrivateDnsEnabled: true,
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.execute-api']] },
      SubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.1.0.0/16', FromPort: 443, ToPort: 443 })],
    });
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['PRIVATE'], VpcEndpointIds: [{ Ref: 'VpcEndpoint' }] },
    });
  });
});

describe('custom domain', () => {
  it('uses the same TLS 1.2+ policy as the API', () => {
    const { template } = synthGateway(
      { domain: { name: 'llm.example.com', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' } },
      'Domain',
    );

    template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'llm.example.com',
      SecurityPolicy: 'SecurityPolicy_TLS13_1_2_PQ_2025_09',
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
  });
});
