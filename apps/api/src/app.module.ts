import { type DynamicModule, Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@geckoguard/audit';
import { BindingsModule } from '@geckoguard/bindings';
import { BlacklistsModule } from '@geckoguard/blacklists';
import { AppConfig, Clock } from '@geckoguard/core';
import { ExpirationModule } from '@geckoguard/expiration';
import { buildDataSourceOptions, IdempotencyModule, RawSession, TransactionRunner } from '@geckoguard/database';
import { IdentityModule } from '@geckoguard/identity';
import { LicensesModule } from '@geckoguard/licenses';
import { LicensingModule } from '@geckoguard/licensing';
import { ProductsModule } from '@geckoguard/products';
import { SessionsModule } from '@geckoguard/sessions';
import { WebhooksModule } from '@geckoguard/webhooks';
import { ENTITIES, MIGRATIONS } from '../../../ormconfig.js';
import { HealthController } from './health/health.controller.js';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  clock?: Clock;
}

@Global()
@Module({})
class CoreProvidersModule {
  static register(opts: AppModuleOptions): DynamicModule {
    return {
      module: CoreProvidersModule,
      providers: [
        { provide: AppConfig, useValue: opts.config },
        { provide: Clock, useValue: opts.clock ?? new Clock() },
        TransactionRunner,
        RawSession,
      ],
      exports: [AppConfig, Clock, TransactionRunner, RawSession],
    };
  }
}

@Module({})
export class AppModule {
  static register(opts: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreProvidersModule.register(opts),
        TypeOrmModule.forRoot({ ...buildDataSourceOptions(opts.databaseUrl, ENTITIES, MIGRATIONS, opts.config.databasePoolSize), migrationsRun: true }),
        CqrsModule.forRoot(),
        AuditModule,
        IdempotencyModule,
        IdentityModule,
        ProductsModule,
        LicensesModule,
        BindingsModule,
        SessionsModule,
        BlacklistsModule,
        ExpirationModule,
        WebhooksModule,
        LicensingModule,
      ],
      controllers: [HealthController],
    };
  }
}
