/** @module The one test that really bundles: NodejsFunction with the local esbuild, no Docker, AWS SDK inside. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Capture, Template } from 'aws-cdk-lib/assertions';
import { GatewayFunction } from '../../lib/gateway-function';
import { LAMBDA_ENTRIES } from '../../lib/gateway-stack';

describe('GatewayFunction bundling', () => {
  let outdir: string | undefined;
  afterEach(() => {
    if (outdir !== undefined) fs.rmSync(outdir, { recursive: true, force: true });
  });

  it('bundles with the local esbuild into a minified asset with a source map and the AWS SDK inside', () => {
    // GIVEN a stack that bundles (no aws:cdk:bundling-stacks override) into a fresh cloud assembly
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'gateway-bundle-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'Bundled');
    const house = { serviceName: 'bedrock-gateway', metricsNamespace: 'BedrockGateway' };
    new GatewayFunction(stack, 'Authorizer', { ...house, entry: LAMBDA_ENTRIES.authorizer, description: 'real authorizer entry' });
    new GatewayFunction(stack, 'SdkUser', {
      ...house,
      entry: path.join(__dirname, 'fixtures', 'sdk-handler.ts'),
      description: 'uses @aws-sdk/client-dynamodb',
    });

    // WHEN
    const template = Template.fromStack(stack);

    // THEN each function points at an asset directory holding index.js and its source map
    const code = new Capture();
    template.hasResourceProperties('AWS::Lambda::Function', { Description: 'uses @aws-sdk/client-dynamodb', Code: { S3Key: code } });
    const assetDir = path.join(outdir, `asset.${code.asString().replace(/\.zip$/, '')}`);
    const bundle = fs.readFileSync(path.join(assetDir, 'index.js'), 'utf8');
    expect(fs.existsSync(path.join(assetDir, 'index.js.map'))).toBe(true);
    // the SDK is compiled in (bundleAwsSDK), not required from the runtime
    // (booleans, so a failure does not print a 300 KB bundle)
    expect(/require\("@(aws-sdk\/client-|aws-sdk\/core|smithy\/)/.test(bundle)).toBe(false);
    expect(bundle.includes('DescribeTable')).toBe(true);
    // minified (a few long lines, mostly license comments) and pointing at its map
    expect(bundle.split('\n').length).toBeLessThan(200);
    expect(bundle.trimEnd().endsWith('//# sourceMappingURL=index.js.map')).toBe(true);
  });
});
