/** @module The SNS topic budget alerts are published to: KMS-encrypted, TLS only, e-mail subscriptions from the config. */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { ENV } from '../lambda/platform/env-names';
import type { GatewayFunction } from './gateway-function';

interface BudgetAlertTopicProps {
  /**
   * Addresses subscribed to the topic (each confirms the subscription mail once).
   * @default - no subscription; subscribe other endpoints (chat, queues) to the `BudgetAlertTopicArn` output
   */
  readonly emails?: readonly string[];
  /**
   * Removal policy of the topic's KMS key.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Budget alerts' topic. `bind` lets a function publish (SNS and the KMS key) and tells it the
 * topic's ARN (`GATEWAY_ALERT_TOPIC_ARN`).
 */
class BudgetAlertTopic extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: BudgetAlertTopicProps = {}) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts the Bedrock gateway budget alert topic',
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.topic = new sns.Topic(this, 'Resource', {
      displayName: 'Bedrock gateway budget alerts',
      masterKey: this.key,
      enforceSSL: true,
    });
    for (const email of props.emails ?? []) this.topic.addSubscription(new subscriptions.EmailSubscription(email));
  }

  /**
   * Grants `fn` publishing and the two key actions an encrypted topic's publisher needs (named, not
   * `kms:GenerateDataKey*`), and sets its topic variable.
   */
  bind(fn: GatewayFunction): void {
    fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [this.topic.topicArn] }));
    this.key.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
    fn.addEnvironment(ENV.alertTopicArn, this.topic.topicArn);
  }
}

export { BudgetAlertTopic };
export type { BudgetAlertTopicProps };
