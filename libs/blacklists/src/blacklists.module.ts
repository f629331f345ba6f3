import { Module } from '@nestjs/common';
import { AddBlacklistEntriesHandler } from './commands/add-blacklist-entries/add-blacklist-entries.handler.js';
import { RemoveBlacklistEntryHandler } from './commands/remove-blacklist-entry/remove-blacklist-entry.handler.js';
import { BlacklistsController } from './http/blacklists.controller.js';
import { ProductBlacklistsController } from './http/product-blacklists.controller.js';
import { BlacklistQueries } from './queries/list-blacklist-entries/blacklist-queries.js';

@Module({
  controllers: [BlacklistsController, ProductBlacklistsController],
  providers: [AddBlacklistEntriesHandler, RemoveBlacklistEntryHandler, BlacklistQueries],
})
export class BlacklistsModule {}
