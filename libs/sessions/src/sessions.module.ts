import { Module } from '@nestjs/common';
import { EndSessionHandler } from './commands/end-session/end-session.handler.js';
import { RevokeAllSessionsHandler } from './commands/revoke-all-sessions/revoke-all-sessions.handler.js';
import { RevokeSessionHandler } from './commands/revoke-session/revoke-session.handler.js';
import { ProductSessionsController } from './http/product-sessions.controller.js';
import { SessionEndController } from './http/session-end.controller.js';
import { SessionsController } from './http/sessions.controller.js';
import { SessionQueries } from './queries/list-sessions/session-queries.js';

@Module({
  controllers: [SessionsController, ProductSessionsController, SessionEndController],
  providers: [SessionQueries, RevokeSessionHandler, RevokeAllSessionsHandler, EndSessionHandler],
  exports: [SessionQueries],
})
export class SessionsModule {}
