/** @module IAM identity tokens: the account allow-list, principal patterns and per-deployment audience reach both functions, and the audience is an output. */
import { Match } from 'aws-cdk-lib/assertions';
import { ENV } from '../../lambda/platform/env-names';
import { synthGateway, variablesOf } from './support';

/** The default audience: `bedrock-gateway:<stackName>:<region>:<account>`, resolved by CloudFormation. */
const DEFAULT_AUDIENCE = {
  'Fn::Join': ['', ['bedrock-gateway:', { Ref: 'AWS::StackName' }, ':', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }]],
};

const FUNCTIONS = [
  { name: 'authorizer', prefix: 'REQUEST authorizer' },
  { name: 'gateway', prefix: 'OpenAI-compatible Bedrock gateway' },
];

describe('IAM identity tokens by default', () => {
  const { template } = synthGateway({}, 'StsDefault');

  it.each(FUNCTIONS)('lets the $name accept only the deployment account, for a per-deployment audience', ({ prefix }) => {
    const variables = variablesOf(template, prefix);
    expect(variables[ENV.stsAccounts]).toEqual({ Ref: 'AWS::AccountId' });
    expect(variables[ENV.stsAudience]).toEqual(DEFAULT_AUDIENCE);
    expect(variables).not.toHaveProperty(ENV.stsPrincipals);
  });

  it('publishes the audience as the IamTokenAudience output', () => {
    template.hasOutput('IamTokenAudience', { Value: DEFAULT_AUDIENCE, Description: Match.stringLikeRegexp('--audience') });
  });
});

describe('IAM identity tokens configured', () => {
  it.each(FUNCTIONS)('passes the accounts, principals and audience to the $name', ({ prefix }) => {
    const { template } = synthGateway(
      {
        iamIdentityTokens: {
          accounts: ['111122223333', '444455556666'],
          principals: ['arn:aws:iam::111122223333:role/ci-*', 'arn:aws:iam::444455556666:role/Builder'],
          audience: 'llm-gateway-prod',
        },
      },
      `StsConfigured${prefix.length}`,
    );

    expect(variablesOf(template, prefix)).toEqual(
      expect.objectContaining({
        [ENV.stsAccounts]: '111122223333,444455556666',
        [ENV.stsPrincipals]: 'arn:aws:iam::111122223333:role/ci-*,arn:aws:iam::444455556666:role/Builder',
        [ENV.stsAudience]: 'llm-gateway-prod',
      }),
    );
    template.hasOutput('IamTokenAudience', { Value: 'llm-gateway-prod' });
  });

  it.each(FUNCTIONS)('leaves GATEWAY_STS_ACCOUNTS unset on the $name for accounts: [], which refuses every token', ({ prefix }) => {
    const { template } = synthGateway({ iamIdentityTokens: { accounts: [] } }, `StsOff${prefix.length}`);
    expect(variablesOf(template, prefix)).not.toHaveProperty(ENV.stsAccounts);
  });
});
