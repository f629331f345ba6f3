import { Module } from '@nestjs/common';
import { AuthorizeLicenseHandler } from './commands/authorize-license/authorize-license.handler.js';
import { RegionLocator } from './commands/authorize-license/region-locator.js';
import { AuthorizeController } from './http/authorize.controller.js';

@Module({
  controllers: [AuthorizeController],
  providers: [AuthorizeLicenseHandler, RegionLocator],
})
export class LicensesModule {}
