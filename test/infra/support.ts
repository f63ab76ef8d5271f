/** @module Test helpers: synthesise the gateway stack from a config, without bundling, with cdk-nag. */
import * as path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseGatewayConfig, type GatewayConfigInput } from '../../lib/config';
import { GatewayStack } from '../../lib/gateway-stack';

/** A stand-in entry point: these tests never bundle (`aws:cdk:bundling-stacks: []`). */
const FIXTURE_ENTRY = path.join(__dirname, 'fixtures', 'handler.ts');

/** A private configuration that creates nothing in a VPC (existing endpoint ids). */
const PRIVATE_CONFIG: GatewayConfigInput = {
  endpointType: 'private',
  vpcEndpointIds: ['vpce-0123456789abcdef0', 'vpce-0fedcba9876543210'],
  allowedSourceVpcIds: ['vpc-0123456789abcdef0'],
};

interface SynthesisedGateway {
  readonly app: App;
  readonly stack: GatewayStack;
  readonly template: Template;
}

/**
 * Builds the stack for `config` (defaults when omitted), not yet synthesised. `nag` registers the
 * AwsSolutions pack (nag.test.ts does; the other files skip it to stay fast).
 */
function buildGatewayStack(config: GatewayConfigInput = {}, id = 'Gateway', nag = false): { app: App; stack: GatewayStack } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new GatewayStack(app, id, {
    config: parseGatewayConfig(config),
    entries: { gateway: FIXTURE_ENTRY, authorizer: FIXTURE_ENTRY, admin: FIXTURE_ENTRY, maintenance: FIXTURE_ENTRY, invocationLogging: FIXTURE_ENTRY },
  });
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

/** Builds and synthesises the stack, returning its template. */
function synthGateway(config: GatewayConfigInput = {}, id = 'Gateway'): SynthesisedGateway {
  const { app, stack } = buildGatewayStack(config, id);
  return { app, stack, template: Template.fromStack(stack) };
}

/** Every IAM statement of the template (inline and managed policies), flattened. */
function iamStatements(template: Template): Record<string, unknown>[] {
  const statements: Record<string, unknown>[] = [];
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const resource of Object.values(template.findResources(type))) {
      const document = (resource as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }).Properties
        .PolicyDocument;
      statements.push(...document.Statement);
    }
  }
  return statements;
}

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

/** Environment variables of the function whose description starts with `prefix`. */
function variablesOf(template: Template, prefix: string): Record<string, unknown> {
  const functions = Object.values(template.findResources('AWS::Lambda::Function')) as {
    Properties: { Description?: string; Environment: { Variables: Record<string, unknown> } };
  }[];
  const match = functions.filter((fn) => fn.Properties.Description?.startsWith(prefix) === true);
  expect(match).toHaveLength(1);
  return (match[0] as (typeof functions)[number]).Properties.Environment.Variables;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

export { asArray, buildGatewayStack, FIXTURE_ENTRY, iamStatements, PRIVATE_CONFIG, statementsOfFunction, synthGateway, variablesOf };
export type { SynthesisedGateway };
