/** @module The alert destinations a runtime's settings ask for: always the log, then SNS and the webhook when configured. */
import { SNSClient } from '@aws-sdk/client-sns';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { AlertSettings } from '../platform/config';
import { createLogPublisher, createSnsPublisher, type AlertPublisher } from './alert-publishers';
import { createWebhookPublisher } from './webhook-publisher';

/** The log, then SNS (`GATEWAY_ALERT_TOPIC_ARN`) and the webhook (`GATEWAY_ALERT_WEBHOOK_URL`) when set. */
function alertPublishersOf(settings: AlertSettings, logger: Logger): AlertPublisher[] {
  const publishers = [createLogPublisher(logger)];
  if (settings.topicArn !== undefined) publishers.push(createSnsPublisher({ client: new SNSClient({}), topicArn: settings.topicArn }));
  if (settings.webhookUrl !== undefined) {
    publishers.push(
      createWebhookPublisher({ url: settings.webhookUrl, timeoutMs: settings.webhookTimeoutMs, allowPrivateNetworks: settings.webhookAllowPrivateNetworks }),
    );
  }
  return publishers;
}

export { alertPublishersOf };
