import { Module } from '@nestjs/common';
import { CreateWebhookEndpointHandler } from './commands/create-webhook-endpoint/create-webhook-endpoint.handler.js';
import { DeleteWebhookEndpointHandler } from './commands/delete-webhook-endpoint/delete-webhook-endpoint.handler.js';
import { DispatchWebhooksHandler } from './commands/dispatch-webhooks/dispatch-webhooks.handler.js';
import { PurgeWebhookDeliveriesHandler } from './commands/purge-webhook-deliveries/purge-webhook-deliveries.handler.js';
import { SendTestPingHandler } from './commands/send-test-ping/send-test-ping.handler.js';
import { UpdateWebhookEndpointHandler } from './commands/update-webhook-endpoint/update-webhook-endpoint.handler.js';
import { WebhookAddressGuard } from './delivery/webhook-address-guard.js';
import { WebhookDeliveryRunner } from './delivery/webhook-delivery-runner.js';
import { WebhookFanout } from './delivery/webhook-fanout.js';
import { WebhookSender } from './delivery/webhook-sender.js';
import { WebhooksController } from './http/webhooks.controller.js';
import { WakeDispatcherOnCommitHandler } from './jobs/wake-dispatcher-on-commit.handler.js';
import { WebhookDeliveryPurger } from './jobs/webhook-delivery-purger.js';
import { WebhookDispatchScheduler } from './jobs/webhook-dispatch.scheduler.js';
import { WebhookQueries } from './queries/read-webhooks/webhook-queries.js';

@Module({
  controllers: [WebhooksController],
  providers: [
    CreateWebhookEndpointHandler,
    UpdateWebhookEndpointHandler,
    DeleteWebhookEndpointHandler,
    SendTestPingHandler,
    DispatchWebhooksHandler,
    PurgeWebhookDeliveriesHandler,
    WebhookAddressGuard,
    WebhookSender,
    WebhookFanout,
    WebhookDeliveryRunner,
    WebhookDispatchScheduler,
    WebhookDeliveryPurger,
    WakeDispatcherOnCommitHandler,
    WebhookQueries,
  ],
  exports: [WebhookSender, WebhookDispatchScheduler],
})
export class WebhooksModule {}
