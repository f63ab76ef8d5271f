/**
 * @module The role whose sessions make the gateway's Bedrock calls when `auditIdentity` is on: one
 * session per gateway principal, its STS source identity naming the principal, so CloudTrail's
 * Bedrock events say who called (the source identity stays on the session and cannot be changed).
 */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ENV } from '../lambda/platform/env-names';
import type { GatewayFunction } from './gateway-function';

interface AuditIdentityProps {
  /** The function that assumes the role (the gateway). */
  readonly gatewayFunction: GatewayFunction;
  /** Policies with the Bedrock invoke grants, attached to the role as well. */
  readonly invokePolicies: readonly iam.IManagedPolicy[];
}

/**
 * The audit role: trusted by the gateway function's role only, and only with a source identity set
 * (`sts:SetSourceIdentity`, and `sts:AssumeRole` on condition that `sts:SourceIdentity` is present).
 */
class AuditIdentity extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: AuditIdentityProps) {
    super(scope, id);
    const gatewayRole = props.gatewayFunction.role;
    this.role = new iam.Role(this, 'Role', {
      description: 'Bedrock calls of the gateway, one session per gateway principal (source identity = principal)',
      assumedBy: new iam.PrincipalWithConditions(new iam.ArnPrincipal(gatewayRole.roleArn), { StringLike: { 'sts:SourceIdentity': '*' } }),
      maxSessionDuration: Duration.hours(1),
    });
    this.role.assumeRolePolicy?.addStatements(
      new iam.PolicyStatement({ actions: ['sts:SetSourceIdentity'], principals: [new iam.ArnPrincipal(gatewayRole.roleArn)] }),
    );
    for (const policy of props.invokePolicies) this.role.addManagedPolicy(policy);
    gatewayRole.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'AssumeAuditRole', actions: ['sts:AssumeRole', 'sts:SetSourceIdentity'], resources: [this.role.roleArn] }));
    props.gatewayFunction.addEnvironment(ENV.auditRoleArn, this.role.roleArn);
  }
}

export { AuditIdentity };
export type { AuditIdentityProps };
