import { Module } from '@nestjs/common';
import { AddBlacklistEntryHandler } from './commands/add-blacklist-entry/add-blacklist-entry.handler.js';
import { BlacklistsController } from './http/blacklists.controller.js';

@Module({
  controllers: [BlacklistsController],
  providers: [AddBlacklistEntryHandler],
})
export class BlacklistsModule {}
