/** @module cdk-nag AwsSolutions: the stack synthesises with no unacknowledged finding, in both endpoint types. */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildGatewayStack, PRIVATE_CONFIG } from './support';

describe('cdk-nag AwsSolutions', () => {
  it.each([
    { name: 'regional defaults', config: {} },
    { name: 'private with existing endpoints', config: PRIVATE_CONFIG },
    {
      name: 'private creating an endpoint, everything optional on',
      config: {
        endpointType: 'private' as const,
        vpcId: 'vpc-0123456789abcdef0',
        subnetIds: ['subnet-0123456789abcdef0'],
        vpcCidrBlock: '10.0.0.0/16',
        cloudTrail: true,
        alarmEmail: 'ops@example.com',
        tableEncryption: 'customer-managed' as const,
        guardrail: { id: 'gr-abc123', version: '1' },
        waf: { logging: true, ipAllowList: ['10.0.0.0/8'] },
        catalogRefresh: true,
        budgetAlerts: { emails: ['finance@example.com'], webhookUrl: 'https://hooks.example.com/budget' },
        tags: { 'cost-center': 'CC-1234' },
        teamInferenceProfiles: { search: { 'nova-micro': 'create' } },
        modelInvocationLogging: { destination: 'cloudwatch' as const },
        auditIdentity: true,
      },
    },
    {
      name: 'model invocation logging to S3',
      config: { modelInvocationLogging: { destination: 's3' as const, prompts: true } },
    },
  ])('reports no unacknowledged finding for $name', ({ config }) => {
    // GIVEN the stack with the AwsSolutions pack registered
    const { app, stack } = buildGatewayStack(config, 'Nag', true);

    // WHEN / THEN: cdk-nag 3 is a validation plugin; any finding makes synth throw
    expect(() => app.synth()).not.toThrow();
    // and CDK itself raised no warning or error annotation
    const annotations = Annotations.fromStack(stack);
    annotations.hasNoWarning('*', Match.anyValue());
    annotations.hasNoError('*', Match.anyValue());
  });

  it('fails synthesis on an unacknowledged finding (the pack is really active)', () => {
    const app = new App();
    const stack = new Stack(app, 'Control');
    new s3.Bucket(stack, 'Unlogged');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });
});
