/** @module The REST API: streaming gateway routes behind a Lambda authorizer or IAM, the IAM-only admin API, access logs and throttling. */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Stage name; the OpenAI base URL is `<stage URL>v1`. */
const STAGE_NAME = 'prod';

/**
 * TLS policy of the API's endpoint: TLS 1.3 and TLS 1.2 (no TLS 1.0/1.1, no CBC), for regional and
 * private endpoints. Without it the default execute-api endpoint of a regional API accepts TLS 1.0.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies.html
 */
const TLS_SECURITY_POLICY = apigw.SecurityPolicy.TLS13_1_2_PQ_2025_09;

/** Longest integration timeout API Gateway allows for a streamed response (15 minutes). */
const MAX_STREAMING_TIMEOUT = Duration.minutes(15);

/**
 * Access log record: one JSON line per request. Every value is quoted so a `-` (absent value)
 * keeps the line valid JSON. The `integration.*` timings describe a streamed response:
 * `timeToAllHeaders` (metadata prelude received), `timeToFirstContent` (first body byte, close to
 * time to first token) and `latency` (stream complete).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/response-streaming-troubleshoot.html
 */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTime: '$context.requestTimeEpoch',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  vpceId: '$context.identity.vpceId',
  caller: '$context.identity.caller',
  userArn: '$context.identity.userArn',
  principalId: '$context.authorizer.principalId',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  path: '$context.path',
  protocol: '$context.protocol',
  tlsVersion: '$context.tlsVersion',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integration.status',
  integrationLatency: '$context.integration.latency',
  integrationError: '$context.integration.error',
  responseTransferMode: '$context.integration.responseTransferMode',
  timeToAllHeaders: '$context.integration.timeToAllHeaders',
  timeToFirstContent: '$context.integration.timeToFirstContent',
  authorizerStatus: '$context.authorizer.status',
  authorizerLatency: '$context.authorizer.latency',
  authorizerError: '$context.authorizer.error',
  wafStatus: '$context.waf.status',
  wafResponseCode: '$context.wafResponseCode',
  errorType: '$context.error.responseType',
  errorMessage: '$context.error.message',
} as const;

/**
 * API Gateway's own error responses in one shape that both OpenAI and Anthropic clients read
 * (`{"type":"error","error":{"message","type","code","param"}}`), since gateway response templates
 * cannot tell the Messages routes from the OpenAI ones (they substitute variables, they run no VTL).
 * The gateway Lambda renders its own errors per API; these cover what API Gateway answers by itself.
 */
interface GatewayResponseSpec {
  readonly type: apigw.ResponseType;
  readonly type_: string;
  readonly code: string;
  /** Fixed message, or `null` to pass API Gateway's own (`$context.error.messageString`). */
  readonly message: string | null;
}

const GATEWAY_RESPONSES: readonly GatewayResponseSpec[] = [
  { type: apigw.ResponseType.UNAUTHORIZED, type_: 'authentication_error', code: 'invalid_api_key', message: 'Missing or invalid credentials.' },
  { type: apigw.ResponseType.ACCESS_DENIED, type_: 'permission_error', code: 'access_denied', message: 'Access denied.' },
  { type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN, type_: 'not_found_error', code: 'not_found', message: 'Unknown route or missing credentials.' },
  { type: apigw.ResponseType.THROTTLED, type_: 'rate_limit_error', code: 'rate_limit_exceeded', message: 'Too many requests to the gateway.' },
  { type: apigw.ResponseType.WAF_FILTERED, type_: 'permission_error', code: 'request_blocked', message: 'The request was blocked by the firewall.' },
  { type: apigw.ResponseType.REQUEST_TOO_LARGE, type_: 'invalid_request_error', code: 'request_too_large', message: 'The request body is too large.' },
  { type: apigw.ResponseType.INTEGRATION_TIMEOUT, type_: 'timeout_error', code: 'timeout', message: 'The gateway timed out.' },
  { type: apigw.ResponseType.DEFAULT_4XX, type_: 'invalid_request_error', code: 'bad_request', message: null },
  { type: apigw.ResponseType.DEFAULT_5XX, type_: 'server_error', code: 'internal_error', message: 'The gateway failed to answer.' },
];

/**
 * The error body of a gateway response: OpenAI's object inside Anthropic's envelope, and the message
 * at the top as well, where AWS SDKs read it on `/bedrock` (API Gateway names the error itself in
 * `x-amzn-ErrorType`). Templates substitute `$context` but run no VTL.
 */
function errorTemplate(spec: GatewayResponseSpec): string {
  const message = spec.message === null ? '$context.error.messageString' : JSON.stringify(spec.message);
  return `{"type":"error","message":${message},"error":{"message":${message},"type":${JSON.stringify(spec.type_)},"code":${JSON.stringify(spec.code)},"param":null}}`;
}

/** Which kind of endpoint API Gateway serves; EDGE is never offered (30 s idle timeout on streams). */
type GatewayEndpointType = 'regional' | 'private';

interface GatewayApiThrottle {
  /** Steady-state requests per second for the whole stage. */
  readonly rateLimit: number;
  /** Burst bucket size. */
  readonly burstLimit: number;
}

interface GatewayApiDomain {
  /** Host name clients call, e.g. `llm.example.com`. */
  readonly domainName: string;
  /** ACM certificate in the stack's region covering `domainName`. */
  readonly certificate: acm.ICertificate;
}

interface GatewayApiProps {
  /** The streaming gateway function behind `/v1/*` and `/iam/v1/*`. */
  readonly gatewayFunction: lambda.IFunction;
  /** The REQUEST authorizer for `/v1/*` (virtual keys, JWT, STS identity tokens). */
  readonly authorizerFunction: lambda.IFunction;
  /** The admin API function behind `/admin/*` (IAM only). */
  readonly adminFunction: lambda.IFunction;
  /**
   * `regional`, or `private` (reachable only through the given execute-api VPC endpoints).
   * @default 'regional'
   */
  readonly endpointType?: GatewayEndpointType;
  /**
   * execute-api interface endpoints allowed to reach a private API (resource policy `aws:SourceVpce`).
   * Required, and only allowed, when `endpointType` is `private`.
   * @default - none
   */
  readonly vpcEndpoints?: readonly ec2.IVpcEndpoint[];
  /**
   * VPCs whose traffic a private API accepts (resource policy `aws:SourceVpc`), on top of the endpoint check.
   * @default - any VPC that reaches one of `vpcEndpoints`
   */
  readonly allowedSourceVpcIds?: readonly string[];
  /**
   * How long API Gateway caches an authorizer decision per Authorization header.
   * Caching requires the authorizer to return a wildcard resource in its policy.
   * @default Duration.seconds(60)
   */
  readonly authorizerCacheTtl?: Duration;
  /**
   * Integration timeout of the streaming routes (at most 15 minutes; above 29 s only with streaming).
   * @default Duration.minutes(15)
   */
  readonly integrationTimeout?: Duration;
  /**
   * Stage-wide throttling.
   * @default - 100 requests per second, burst 200
   */
  readonly throttle?: GatewayApiThrottle;
  /**
   * Retention of the access log group.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly accessLogRetention?: logs.RetentionDays;
  /**
   * Removal policy of the access log group.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Create the account-wide role API Gateway needs to write logs to CloudWatch (`AWS::ApiGateway::Account`).
   * Turn off only when the account already has one (it is a per-region singleton).
   * @default true
   */
  readonly createCloudWatchRole?: boolean;
  /**
   * A custom domain (regional APIs only), with the same TLS 1.2+ policy as the API.
   * @default - the execute-api host name only
   */
  readonly domain?: GatewayApiDomain;
}

/**
 * The gateway's REST API.
 *
 * - `/v1/{proxy+}` (ANY): Lambda REQUEST authorizer on the `Authorization` header, cached for
 *   `authorizerCacheTtl`; integration with response streaming (`responseTransferMode: STREAM`,
 *   `InvokeWithResponseStream`) and a 15 minute timeout.
 * - `/v1/messages` and `/v1/messages/{proxy+}` (ANY, Anthropic's Messages API): the same function
 *   and integration behind `messagesAuthorizer`, which takes the credential from `Authorization` or
 *   `x-api-key`. It has no identity source and no cache: with caching on, API Gateway refuses (401,
 *   without calling the authorizer) every request that lacks one of the identity sources, and an
 *   Anthropic client sends only one of the two headers. The gateway re-checks keys per request anyway.
 * - `/bedrock/{proxy+}` (ANY, Bedrock's runtime API and listings): the same function and integration
 *   behind `authorizer` (AWS SDKs send a Bedrock API key, here a gateway credential, as
 *   `Authorization: Bearer`). Event-stream answers need no binary media types: API Gateway passes a
 *   streamed proxy response through as it is.
 * - `/iam/v1/{proxy+}` (ANY): the same integration, `AWS_IAM` (SigV4) authorization.
 * - `/admin/{proxy+}` (ANY): `AWS_IAM` to the admin function (buffered).
 * - `/health` and `/health/ready` (GET): no authorization, the gateway function (liveness, readiness).
 * - REGIONAL or PRIVATE endpoint, never EDGE; a private API carries a resource policy that denies
 *   any request not coming through the listed VPC endpoints (and VPCs).
 * - JSON access logs with the streaming timings, stage throttling, X-Ray, execution logs at ERROR
 *   without data tracing (prompts never reach API Gateway's logs), TLS 1.2+ policy.
 */
class GatewayApi extends Construct {
  readonly restApi: apigw.RestApi;
  readonly stage: apigw.Stage;
  readonly authorizer: apigw.RequestAuthorizer;
  /** The authorizer of the Messages routes: `Authorization` or `x-api-key`, uncached. */
  readonly messagesAuthorizer: apigw.RequestAuthorizer;
  readonly accessLogGroup: logs.LogGroup;
  readonly endpointType: GatewayEndpointType;
  /** Base URL for OpenAI clients with virtual keys or JWTs (`.../prod/v1`). */
  readonly openAiBaseUrl: string;
  /** Base URL for Anthropic clients, which add `/v1/messages` themselves (`.../prod/`). */
  readonly anthropicBaseUrl: string;
  /** Base URL for SigV4-signing clients (`.../prod/iam/v1`). */
  readonly iamBaseUrl: string;
  /** Endpoint of the Bedrock runtime API for AWS SDKs and Claude Code in Bedrock mode (`.../prod/bedrock`). */
  readonly bedrockEndpointUrl: string;
  readonly customDomain?: apigw.DomainName;

  constructor(scope: Construct, id: string, props: GatewayApiProps) {
    super(scope, id);
    const endpointType = props.endpointType ?? 'regional';
    const vpcEndpoints = props.vpcEndpoints ?? [];
    const allowedSourceVpcIds = props.allowedSourceVpcIds ?? [];
    const integrationTimeout = props.integrationTimeout ?? MAX_STREAMING_TIMEOUT;
    const cacheTtl = props.authorizerCacheTtl ?? Duration.seconds(60);
    const throttle = props.throttle ?? { rateLimit: 100, burstLimit: 200 };
    validateProps(id, endpointType, vpcEndpoints, allowedSourceVpcIds, integrationTimeout, cacheTtl, props.domain);
    this.endpointType = endpointType;

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    this.restApi = new apigw.RestApi(this, 'Resource', {
      restApiName: `${Stack.of(this).stackName}-api`,
      description: 'OpenAI-compatible gateway for Amazon Bedrock',
      endpointConfiguration:
        endpointType === 'private'
          ? { types: [apigw.EndpointType.PRIVATE], vpcEndpoints: [...vpcEndpoints] }
          : { types: [apigw.EndpointType.REGIONAL] },
      policy: endpointType === 'private' ? privateApiPolicy(vpcEndpoints, allowedSourceVpcIds) : undefined,
      cloudWatchRole: props.createCloudWatchRole ?? true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: STAGE_NAME,
        description: 'Gateway stage',
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        // Data tracing would copy request and response bodies (prompts) into execution logs.
        dataTraceEnabled: false,
        throttlingRateLimit: throttle.rateLimit,
        throttlingBurstLimit: throttle.burstLimit,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: apigw.AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    const cfnApi = this.restApi.node.defaultChild as apigw.CfnRestApi;
    cfnApi.securityPolicy = TLS_SECURITY_POLICY;
    cfnApi.endpointAccessMode = apigw.EndpointAccessMode.BASIC;
    this.stage = this.restApi.deploymentStage;

    this.authorizer = new apigw.RequestAuthorizer(this, 'Authorizer', {
      handler: props.authorizerFunction,
      identitySources: [apigw.IdentitySource.header('Authorization')],
      resultsCacheTtl: cacheTtl,
    });

    this.messagesAuthorizer = new apigw.RequestAuthorizer(this, 'MessagesAuthorizer', {
      handler: props.authorizerFunction,
      identitySources: [],
      resultsCacheTtl: Duration.seconds(0),
    });
    // Without caching the identity source is optional; an empty one would still be validated.
    (this.messagesAuthorizer.node.defaultChild as apigw.CfnAuthorizer).addPropertyDeletionOverride('IdentitySource');

    const streaming = new apigw.LambdaIntegration(props.gatewayFunction, {
      proxy: true,
      responseTransferMode: apigw.ResponseTransferMode.STREAM,
      timeout: integrationTimeout,
      allowTestInvoke: false,
    });
    const admin = new apigw.LambdaIntegration(props.adminFunction, { proxy: true, allowTestInvoke: false });

    const v1 = this.restApi.root.addResource('v1');
    v1.addResource('{proxy+}').addMethod('ANY', streaming, {
      authorizationType: apigw.AuthorizationType.CUSTOM,
      authorizer: this.authorizer,
    });
    const messages = v1.addResource('messages');
    const messagesMethod: apigw.MethodOptions = { authorizationType: apigw.AuthorizationType.CUSTOM, authorizer: this.messagesAuthorizer };
    messages.addMethod('ANY', streaming, messagesMethod);
    messages.addResource('{proxy+}').addMethod('ANY', streaming, messagesMethod);
    this.restApi.root.addResource('bedrock').addResource('{proxy+}').addMethod('ANY', streaming, {
      authorizationType: apigw.AuthorizationType.CUSTOM,
      authorizer: this.authorizer,
    });
    const iamV1 = this.restApi.root.addResource('iam').addResource('v1');
    iamV1.addResource('{proxy+}').addMethod('ANY', streaming, { authorizationType: apigw.AuthorizationType.IAM });
    // Health probes: no authorizer, no credentials (load balancers, uptime checks, ECS).
    const health = this.restApi.root.addResource('health');
    for (const method of [
      health.addMethod('GET', streaming, { authorizationType: apigw.AuthorizationType.NONE }),
      health.addResource('ready').addMethod('GET', streaming, { authorizationType: apigw.AuthorizationType.NONE }),
    ]) {
      for (const id of ['AwsSolutions-APIG4', 'AwsSolutions-COG4']) {
        Validations.of(method).acknowledge({
          id,
          reason: 'Health probes (load balancers, uptime checks) carry no credentials; they answer only "ok" or which dependency failed, never data.',
        });
      }
    }
    this.restApi.root
      .addResource('admin')
      .addResource('{proxy+}')
      .addMethod('ANY', admin, { authorizationType: apigw.AuthorizationType.IAM });

    // API Gateway adds `x-amzn-RequestId` (= `$context.requestId`, logged as `requestId`) to these;
    // gateway response headers can map only request parameters or literals, not `context.*`.
    for (const response of GATEWAY_RESPONSES) {
      this.restApi.addGatewayResponse(`Response${response.type.responseType}`, {
        type: response.type,
        responseHeaders: { 'content-type': "'application/json'" },
        templates: { 'application/json': errorTemplate(response) },
      });
    }

    if (props.domain !== undefined) {
      this.customDomain = this.restApi.addDomainName('Domain', {
        domainName: props.domain.domainName,
        certificate: props.domain.certificate,
        endpointType: apigw.EndpointType.REGIONAL,
        securityPolicy: TLS_SECURITY_POLICY,
        endpointAccessMode: apigw.EndpointAccessMode.BASIC,
      });
    }

    this.openAiBaseUrl = `${this.restApi.url}v1`;
    this.anthropicBaseUrl = this.restApi.url;
    this.iamBaseUrl = `${this.restApi.url}iam/v1`;
    this.bedrockEndpointUrl = `${this.restApi.url}bedrock`;

    acknowledgeApiFindings(this.restApi);
  }

  /** Lets `grantee` call the OpenAI routes with SigV4 (`/iam/v1/*`). */
  grantInvokeIam(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['execute-api:Invoke'],
      resourceArns: [this.restApi.arnForExecuteApi('*', '/iam/v1/*', STAGE_NAME)],
    });
  }

  /** Lets `grantee` call the admin API (`/admin/*`). */
  grantAdmin(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['execute-api:Invoke'],
      resourceArns: [this.restApi.arnForExecuteApi('*', '/admin/*', STAGE_NAME)],
    });
  }

  /** Stage requests (API Gateway `Count`), summed per period. */
  metricRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stageMetric('Count', { statistic: 'Sum', ...props });
  }

  /** Requests answered 4xx (including authorizer denials, throttling and WAF blocks). */
  metricClientErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stageMetric('4XXError', { statistic: 'Sum', ...props });
  }

  /** Requests answered 5xx. */
  metricServerErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stageMetric('5XXError', { statistic: 'Sum', ...props });
  }

  /** End-to-end latency at `statistic` (e.g. `p99`). */
  metricLatency(statistic = 'p99', props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stageMetric('Latency', { statistic, ...props });
  }

  /** Integration (Lambda) latency at `statistic`. */
  metricIntegrationLatency(statistic = 'p99', props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stageMetric('IntegrationLatency', { statistic, ...props });
  }

  private stageMetric(metricName: string, props: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/ApiGateway',
      metricName,
      dimensionsMap: { ApiName: this.restApi.restApiName, Stage: this.stage.stageName },
      period: Duration.minutes(5),
      ...props,
    });
  }
}

function validateProps(
  id: string,
  endpointType: GatewayEndpointType,
  vpcEndpoints: readonly ec2.IVpcEndpoint[],
  allowedSourceVpcIds: readonly string[],
  integrationTimeout: Duration,
  cacheTtl: Duration,
  domain: GatewayApiDomain | undefined,
): void {
  if (endpointType === 'private' && vpcEndpoints.length === 0) {
    throw new Error(
      `GatewayApi ${id}: a private API needs at least one execute-api VPC endpoint in "vpcEndpoints" (its resource policy allows only those).`,
    );
  }
  if (endpointType === 'regional' && (vpcEndpoints.length > 0 || allowedSourceVpcIds.length > 0)) {
    throw new Error(`GatewayApi ${id}: "vpcEndpoints" and "allowedSourceVpcIds" apply to endpointType "private" only.`);
  }
  if (endpointType === 'private' && domain !== undefined) {
    throw new Error(`GatewayApi ${id}: "domain" is supported for endpointType "regional" only.`);
  }
  const timeoutMs = integrationTimeout.toMilliseconds();
  if (timeoutMs < 50 || timeoutMs > MAX_STREAMING_TIMEOUT.toMilliseconds()) {
    throw new Error(`GatewayApi ${id}: integrationTimeout must be between 50 ms and 15 minutes, got ${integrationTimeout.toHumanString()}.`);
  }
  const ttl = cacheTtl.toSeconds();
  if (ttl < 1 || ttl > 3600) {
    throw new Error(`GatewayApi ${id}: authorizerCacheTtl must be between 1 second and 1 hour, got ${cacheTtl.toHumanString()}.`);
  }
}

/** The health routes (GET, no authorization). */
const HEALTH_PATHS = ['/health', '/health/ready'] as const;

/** The paths of the health routes as clients send them: under the stage, and at a custom domain's root. */
const HEALTH_REQUEST_PATHS: readonly string[] = HEALTH_PATHS.flatMap((path) => [`/${STAGE_NAME}${path}`, path]);

/** The HTTP methods served under `/v1` and `/bedrock` (POST calls, GET models and listings); nothing else is served there. */
const V1_METHODS = ['GET', 'POST'] as const;
/** The trees whose callers the Lambda authorizer checks (the resource policy lets them through). */
const AUTHORIZER_TREES = ['v1', 'bedrock'] as const;
/** The one route taking DELETE behind the authorizer: a stored Responses API response. */
const DELETE_PATH = 'v1/responses/*';

/**
 * Resource policy of a private API.
 *
 * Allows `/v1/*` to anyone who reaches the API (the Lambda authorizer decides), leaves `/iam/*` and
 * `/admin/*` to the callers' own IAM policies (same account only: no cross-account Allow here), and
 * denies everything that does not arrive through the listed endpoints (and VPCs). The Allow names
 * the stage and each method: IAM's `*` spans `/`, so `/*\/*\/v1/*` would also match
 * `prod/POST/iam/v1/...` and open the SigV4 routes to any role that reaches the endpoint.
 */
function privateApiPolicy(vpcEndpoints: readonly ec2.IVpcEndpoint[], allowedSourceVpcIds: readonly string[]): iam.PolicyDocument {
  const statements = [
    new iam.PolicyStatement({
      sid: 'AllowAuthorizerRoutes',
      effect: iam.Effect.ALLOW,
      principals: [new iam.AnyPrincipal()],
      actions: ['execute-api:Invoke'],
      resources: [
        ...AUTHORIZER_TREES.flatMap((tree) => V1_METHODS.map((method) => `execute-api:/${STAGE_NAME}/${method}/${tree}/*`)),
        `execute-api:/${STAGE_NAME}/DELETE/${DELETE_PATH}`,
      ],
    }),
    new iam.PolicyStatement({
      sid: 'AllowHealthProbes',
      effect: iam.Effect.ALLOW,
      principals: [new iam.AnyPrincipal()],
      actions: ['execute-api:Invoke'],
      resources: HEALTH_PATHS.map((path) => `execute-api:/${STAGE_NAME}/GET${path}`),
    }),
    new iam.PolicyStatement({
      sid: 'DenyOutsideVpcEndpoints',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['execute-api:Invoke'],
      resources: ['execute-api:/*'],
      conditions: { StringNotEquals: { 'aws:SourceVpce': vpcEndpoints.map((endpoint) => endpoint.vpcEndpointId) } },
    }),
  ];
  if (allowedSourceVpcIds.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'DenyOutsideSourceVpcs',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources: ['execute-api:/*'],
        conditions: { StringNotEquals: { 'aws:SourceVpc': [...allowedSourceVpcIds] } },
      }),
    );
  }
  return new iam.PolicyDocument({ statements });
}

function acknowledgeApiFindings(restApi: apigw.RestApi): void {
  const cloudWatchRole = restApi.node.tryFindChild('CloudWatchRole');
  if (cloudWatchRole !== undefined) {
    Validations.of(cloudWatchRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        'The account-level API Gateway logging role (AWS::ApiGateway::Account) is documented with this AWS-managed policy; API Gateway creates the execution log groups itself, so their names are not known in advance.',
    });
  }
  Validations.of(restApi).acknowledge({
    id: 'AwsSolutions-APIG2',
    reason:
      'Proxy routes: the gateway and admin functions validate every body against the OpenAI and admin schemas and answer 400 with the failing param; an API Gateway model would duplicate that and cannot describe the OpenAI union types.',
  });
  Validations.of(restApi).acknowledge({
    id: 'AwsSolutions-COG4',
    reason: 'Callers authenticate with virtual keys, JWTs from any configured issuer or STS identity (Lambda REQUEST authorizer) or with SigV4 (AWS_IAM); a Cognito user pool is not the identity source.',
  });
}

export { ACCESS_LOG_FIELDS, GatewayApi, HEALTH_PATHS, HEALTH_REQUEST_PATHS, STAGE_NAME, TLS_SECURITY_POLICY };
export type { GatewayApiDomain, GatewayApiProps, GatewayApiThrottle, GatewayEndpointType };
