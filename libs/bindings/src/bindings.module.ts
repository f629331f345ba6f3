import { Module } from '@nestjs/common';
import { ResetBindingsHandler } from './commands/reset-bindings/reset-bindings.handler.js';
import { BindingsController } from './http/bindings.controller.js';
import { ResetsController } from './http/resets.controller.js';
import { BindingQueries } from './queries/list-bindings/binding-queries.js';

@Module({
  controllers: [BindingsController, ResetsController],
  providers: [BindingQueries, ResetBindingsHandler],
  exports: [BindingQueries],
})
export class BindingsModule {}
