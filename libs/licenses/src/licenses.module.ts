import { ApiKeyInHandlerAuth } from '@geckoguard/identity';
import { Module } from '@nestjs/common';
import { ProductsModule } from '@geckoguard/products';
import { AuthorizeLicenseHandler } from './commands/authorize-license/authorize-license.handler.js';
import { RegionLocator } from './commands/authorize-license/region-locator.js';
import { BulkLicenseActionHandler } from './commands/bulk-license-action/bulk-license-action.handler.js';
import { CreateLicenseHandler } from './commands/create-license/create-license.handler.js';
import { DeleteLicenseHandler } from './commands/delete-license/delete-license.handler.js';
import { RevokeLicenseHandler } from './commands/revoke-license/revoke-license.handler.js';
import { UnlockLicenseHandler } from './commands/unlock-license/unlock-license.handler.js';
import { UnrevokeLicenseHandler } from './commands/unrevoke-license/unrevoke-license.handler.js';
import { UpdateLicenseHandler } from './commands/update-license/update-license.handler.js';
import { LicenseDecisionEngine } from './engine/license-decision-engine.js';
import { AuthorizeController } from './http/authorize.controller.js';
import { LicensesController } from './http/licenses.controller.js';
import { ProductLicensesController } from './http/product-licenses.controller.js';
import { LicenseRepository } from './persistence/license.repository.js';
import { LicenseQueries } from './queries/read-licenses/license-queries.js';

@Module({
  imports: [ProductsModule],
  controllers: [AuthorizeController, LicensesController, ProductLicensesController],
  providers: [
    // The authorize route checks its API key in its own first round trip (see ApiKeyInHandler).
    ApiKeyInHandlerAuth,
    AuthorizeLicenseHandler,
    LicenseDecisionEngine,
    RegionLocator,
    CreateLicenseHandler,
    UpdateLicenseHandler,
    DeleteLicenseHandler,
    RevokeLicenseHandler,
    UnrevokeLicenseHandler,
    UnlockLicenseHandler,
    BulkLicenseActionHandler,
    LicenseRepository,
    LicenseQueries,
  ],
  exports: [LicenseQueries, LicenseRepository, LicenseDecisionEngine],
})
export class LicensesModule {}
