import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written. Audit event ids ordered by writing transaction, for a gap-free cursor (API.md §9), and the
 * webhook tables.
 *
 * With ids from a sequence, a transaction that took id 11 can commit after another one's id 12 has been read,
 * and a reader past 12 never sees 11. Filtering on "transaction older than every running one" alone does not
 * fix it: an old transaction can take a sequence value after a younger one did. So the id itself starts with
 * the transaction id: `(xid8 << 20) | n`, n counting the events of the transaction from 0 (kept in a
 * transaction-local setting, so a rolled-back savepoint gives its numbers back). A transaction that has not
 * finished has an xid at or above the oldest running one, so every event still to come sorts after every
 * event a reader may be served (below `oldest running xid << 20`). 20 bits allow 1,048,576 events per
 * transaction and leave 43 bits for the xid8 (2,048 wraparound epochs).
 */
export class AuditStream1795800000000 implements MigrationInterface {
  name = 'AuditStream1795800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION audit_next_event_id() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        n integer := COALESCE(NULLIF(current_setting('geckoguard.audit_event_seq', true), ''), '0')::integer;
      BEGIN
        IF n >= 1048576 THEN
          RAISE EXCEPTION 'more than 1048576 audit events in one transaction';
        END IF;
        PERFORM set_config('geckoguard.audit_event_seq', (n + 1)::text, true);
        RETURN (pg_current_xact_id()::text::bigint << 20) | n;
      END
      $$`);
    // Ids of existing rows came from the sequence; new ones must sort after them.
    await queryRunner.query(`
      DO $$
      BEGIN
        IF (SELECT max(id) FROM audit_events) >= (pg_current_xact_id()::text::bigint << 20) THEN
          RAISE EXCEPTION 'audit_events holds ids above the transaction-based range; cannot switch id scheme';
        END IF;
      END
      $$`);
    await queryRunner.query(`ALTER TABLE "audit_events" ALTER COLUMN "id" SET DEFAULT audit_next_event_id()`);
    await queryRunner.query(`DROP SEQUENCE "audit_events_id_seq"`);
    await queryRunner.query(`CREATE TABLE "webhook_endpoints" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "org_id" uuid NOT NULL, "product_id" uuid NOT NULL, "url" character varying(2048) NOT NULL, "events" text array NOT NULL, "enabled" boolean NOT NULL, "secret" character varying(128) NOT NULL, "event_cursor" bigint NOT NULL, "consecutive_failures" integer NOT NULL DEFAULT '0', "disabled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_054c4cfb95223732f5939d2d546" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_endpoints_product" ON "webhook_endpoints"  ("product_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "endpoint_id" uuid NOT NULL, "org_id" uuid NOT NULL, "event_id" bigint, "event" character varying(64) NOT NULL, "body" text NOT NULL, "status" character varying(16) NOT NULL, "attempt" integer NOT NULL DEFAULT '0', "response_status" integer, "error" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "last_attempt_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_deliveries_due" ON "webhook_deliveries"  ("next_attempt_at") WHERE "status" = 'pending'`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_deliveries_endpoint" ON "webhook_deliveries"  ("endpoint_id", "created_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_webhook_deliveries_event" ON "webhook_deliveries"  ("endpoint_id", "event_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_webhook_deliveries_event"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_endpoint"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_due"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_endpoints_product"`);
    await queryRunner.query(`DROP TABLE "webhook_endpoints"`);
    await queryRunner.query(`CREATE SEQUENCE "audit_events_id_seq" OWNED BY "audit_events"."id"`);
    await queryRunner.query(`SELECT setval('audit_events_id_seq', GREATEST((SELECT max(id) FROM audit_events), 1))`);
    await queryRunner.query(`ALTER TABLE "audit_events" ALTER COLUMN "id" SET DEFAULT nextval('audit_events_id_seq')`);
    await queryRunner.query(`DROP FUNCTION audit_next_event_id()`);
  }
}
