/** @module CDK app entry: reads the typed `gateway` context, creates the stack, runs cdk-nag (AwsSolutions). */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { GatewayConfigError, readGatewayConfig, type GatewayConfig } from '../lib/config';
import { GatewayStack } from '../lib/gateway-stack';

const app = new App();

/** The validated configuration; an invalid one ends synthesis with its problems and no stack trace. */
function configOf(node: App['node']): GatewayConfig {
  try {
    return readGatewayConfig(node);
  } catch (error) {
    if (!(error instanceof GatewayConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
const config = configOf(app.node);

// Env-agnostic unless the CLI knows an account and region (then lookups and concrete ARNs work).
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
new GatewayStack(app, config.stackName, {
  config,
  env: account !== undefined && region !== undefined ? { account, region } : undefined,
});

// cdk-nag 3 is a policy-validation plugin (not an Aspect): any unacknowledged finding fails synthesis.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

app.synth();
