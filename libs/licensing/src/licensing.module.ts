import { Module } from '@nestjs/common';
import { RateLimitModule } from '@geckoguard/database';
import { LicensesModule } from '@geckoguard/licenses';
import { DecideLicensingHandler } from './commands/decide-licensing/decide-licensing.handler.js';
import { DeactivateSessionHandler } from './commands/deactivate-session/deactivate-session.handler.js';
import { LicensingGateInterceptor } from './http/licensing-gate.interceptor.js';
import { LicensingController } from './http/licensing.controller.js';
import { LicensingThrottle } from './http/licensing-throttle.js';

/** /licensing/* (API.md §10): a protocol adapter over the licenses lib's decision engine and the shared sessions. */
@Module({
  imports: [LicensesModule, RateLimitModule],
  controllers: [LicensingController],
  providers: [DecideLicensingHandler, DeactivateSessionHandler, LicensingThrottle, LicensingGateInterceptor],
})
export class LicensingModule {}
