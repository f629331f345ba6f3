import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { TransactionRunner } from '@geckoguard/database';
import { LicenseOrmEntity } from '../../persistence/license.orm-entity.js';
import { LicenseRepository } from '../../persistence/license.repository.js';
import { DeleteLicenseCommand, type DeleteLicenseResult } from './delete-license.command.js';

@CommandHandler(DeleteLicenseCommand)
export class DeleteLicenseHandler implements ICommandHandler<DeleteLicenseCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly licenses: LicenseRepository,
  ) {}

  async execute({ actor, scope, licenseId }: DeleteLicenseCommand): Promise<DeleteLicenseResult> {
    return this.transactions.run(async (tx) => {
      // The row lock makes a delete wait for an authorization in flight (and vice versa).
      const license = await this.licenses.lockInScope(tx, scope, licenseId);
      // Bindings and sessions belong to the license and mean nothing without it; the audit history stays.
      const bindings = await tx.createQueryBuilder().delete().from('bindings').where('license_id = :id', { id: license.id }).execute();
      const sessions = await tx.createQueryBuilder().delete().from('sessions').where('license_id = :id', { id: license.id }).execute();
      await tx.delete(LicenseOrmEntity, { id: license.id });
      await this.audit.append(tx, [
        {
          type: 'license.deleted',
          orgId: license.orgId,
          productId: license.productId,
          licenseId: license.id,
          actor,
          data: { bindingsDeleted: bindings.affected ?? 0, sessionsDeleted: sessions.affected ?? 0 },
        },
      ]);
      return { deleted: true };
    });
  }
}
