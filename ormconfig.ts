import { DataSource } from 'typeorm';
import { BindingOrmEntity } from './libs/bindings/src/persistence/binding.orm-entity.js';
import { LicenseResetOrmEntity } from './libs/bindings/src/persistence/license-reset.orm-entity.js';
import { LicenseExpiryMarkOrmEntity } from './libs/expiration/src/persistence/license-expiry-mark.orm-entity.js';
import { BlacklistEntryOrmEntity } from './libs/blacklists/src/persistence/blacklist-entry.orm-entity.js';
import { SessionOrmEntity } from './libs/sessions/src/persistence/session.orm-entity.js';
import { AuditEventOrmEntity } from './libs/audit/src/persistence/audit-event.orm-entity.js';
import { buildDataSourceOptions } from './libs/database/src/data-source-options.js';
import { DATABASE_ENTITIES } from './libs/database/src/entities.js';
import { MIGRATIONS } from './libs/database/src/migrations/index.js';
import { ApiKeyOrmEntity } from './libs/identity/src/persistence/api-key.orm-entity.js';
import { OrgMemberOrmEntity } from './libs/identity/src/persistence/org-member.orm-entity.js';
import { OrgOrmEntity } from './libs/identity/src/persistence/org.orm-entity.js';
import { RefreshTokenOrmEntity } from './libs/identity/src/persistence/refresh-token.orm-entity.js';
import { RequestNonceOrmEntity } from './libs/identity/src/persistence/request-nonce.orm-entity.js';
import { UserOrmEntity } from './libs/identity/src/persistence/user.orm-entity.js';
import { LicenseOrmEntity } from './libs/licenses/src/persistence/license.orm-entity.js';
import { ProductOrmEntity } from './libs/products/src/persistence/product.orm-entity.js';
import { WebhookDeliveryOrmEntity } from './libs/webhooks/src/persistence/webhook-delivery.orm-entity.js';
import { WebhookEndpointOrmEntity } from './libs/webhooks/src/persistence/webhook-endpoint.orm-entity.js';

/** Every TypeORM entity of the server; the app, the tests and the migration CLI share this list. */
export const ENTITIES = [
  ...DATABASE_ENTITIES,
  UserOrmEntity,
  OrgOrmEntity,
  OrgMemberOrmEntity,
  RefreshTokenOrmEntity,
  ApiKeyOrmEntity,
  RequestNonceOrmEntity,
  ProductOrmEntity,
  LicenseOrmEntity,
  AuditEventOrmEntity,
  BindingOrmEntity,
  SessionOrmEntity,
  BlacklistEntryOrmEntity,
  LicenseResetOrmEntity,
  LicenseExpiryMarkOrmEntity,
  WebhookEndpointOrmEntity,
  WebhookDeliveryOrmEntity,
];

export { MIGRATIONS };

export function createDataSource(url: string, poolSize?: number): DataSource {
  return new DataSource(buildDataSourceOptions(url, ENTITIES, MIGRATIONS, poolSize));
}

/** The DataSource the TypeORM CLI uses (compiled: `dist/ormconfig.js`); requires DATABASE_URL. */
export default createDataSource(process.env.DATABASE_URL ?? 'postgres://localhost/geckoguard');
