/** @module Where budget alerts go: the log, an SNS topic (email subscriptions), a webhook (webhook-publisher.ts). */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { AlertMessage } from './alert-message';

/** Sends one rendered alert somewhere; throws when it could not. */
interface AlertPublisher {
  /** Names the destination in logs and metrics (`log`, `sns`, `webhook`). */
  readonly name: string;
  publish(message: AlertMessage): Promise<void>;
}

/** Writes the alert to the structured log (always on; the only one on a laptop without a webhook). */
function createLogPublisher(logger: Logger): AlertPublisher {
  return {
    name: 'log',
    publish(message) {
      logger.warn(message.subject, { budgetAlert: message.payload });
      return Promise.resolve();
    },
  };
}

/** Publishes to the stack's alert topic: the text for email readers, then the JSON for machines. */
function createSnsPublisher({ client, topicArn }: { readonly client: SNSClient; readonly topicArn: string }): AlertPublisher {
  return {
    name: 'sns',
    async publish(message) {
      await client.send(
        new PublishCommand({
          TopicArn: topicArn,
          Subject: message.subject,
          Message: `${message.text}\n\n${JSON.stringify(message.payload, null, 2)}\n`,
        }),
      );
    },
  };
}

export { createLogPublisher, createSnsPublisher };
export type { AlertPublisher };
