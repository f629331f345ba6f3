import { AuditLog } from '@geckoguard/audit';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@geckoguard/core';
import { DataSource } from 'typeorm';
import { effectiveExpirySql } from '../../persistence/effective-expiry.sql.js';
import { RecordExpiriesCommand } from './record-expiries.command.js';

const EXPIRY = effectiveExpirySql('l', '$1::timestamptz');

/**
 * One statement per batch, so the marks and their events commit together. Exactly once per expiry, also
 * with several processes sweeping at the same moment: the mark moves only where it still differs from the
 * expiry being recorded, and a concurrent writer of the same mark waits for the first and then finds
 * nothing to move, so only one of them gets the row back and writes the event. A license extended after
 * its event has a new expiry, which is recorded again when it passes. Frozen licenses never expire.
 */
@CommandHandler(RecordExpiriesCommand)
export class RecordExpiriesHandler implements ICommandHandler<RecordExpiriesCommand> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async execute({ batchSize }: RecordExpiriesCommand): Promise<{ recorded: number }> {
    let recorded = 0;
    for (;;) {
      const now = this.clock.now();
      const rows = (await this.dataSource.query(
        `WITH due AS (
           SELECT l.id, l.org_id, l.product_id, ${EXPIRY} AS expires_at
             FROM licenses l
            WHERE l.expiration_mode <> 'never' AND l.frozen_at IS NULL AND ${EXPIRY} <= $1
              AND NOT EXISTS (SELECT 1 FROM license_expiry_marks m WHERE m.license_id = l.id AND m.effective_expires_at = ${EXPIRY})
            ORDER BY l.id
            LIMIT $2
         ), marked AS (
           INSERT INTO license_expiry_marks (license_id, effective_expires_at, recorded_at)
           SELECT id, expires_at, $1 FROM due
           ON CONFLICT (license_id) DO UPDATE SET effective_expires_at = EXCLUDED.effective_expires_at, recorded_at = EXCLUDED.recorded_at
             WHERE license_expiry_marks.effective_expires_at IS DISTINCT FROM EXCLUDED.effective_expires_at
           RETURNING license_id, effective_expires_at
         )
         INSERT INTO audit_events (type, org_id, product_id, license_id, actor_type, actor_id, data, occurred_at)
         SELECT 'license.expired', d.org_id, d.product_id, d.id, 'system', NULL,
                jsonb_build_object('effectiveExpiresAt', to_char(m.effective_expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')), $1
           FROM marked m JOIN due d ON d.id = m.license_id
         RETURNING type, org_id, product_id, license_id`,
        [now, batchSize],
      )) as Array<{ type: string; org_id: string; product_id: string; license_id: string }>;
      recorded += rows.length;
      // Each statement committed on its own: tell this process, as every other writer of audit events does.
      this.audit.publishCommitted(rows.map((r) => ({ type: r.type, orgId: r.org_id, productId: r.product_id, licenseId: r.license_id })));
      // A short batch means nothing else is due (rows another process took are not returned here either).
      if (rows.length < batchSize) return { recorded };
    }
  }
}
