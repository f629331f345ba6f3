import { Module } from '@nestjs/common';
import { BindingsController } from './http/bindings.controller.js';
import { BindingQueries } from './queries/list-bindings/binding-queries.js';

@Module({
  controllers: [BindingsController],
  providers: [BindingQueries],
  exports: [BindingQueries],
})
export class BindingsModule {}
