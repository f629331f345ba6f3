import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuthorizationState1795573042502 implements MigrationInterface {
  name = 'AuthorizationState1795573042502';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "bindings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "license_id" uuid NOT NULL, "type" character varying(8) NOT NULL, "value_hash" character(64) NOT NULL, "region" character varying(2), "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_c580f1a9caf6a792151ed1f263d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_bindings_license" ON "bindings"  ("license_id", "first_seen_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_bindings_active" ON "bindings"  ("license_id", "type", "value_hash") WHERE "revoked_at" IS NULL`);
    await queryRunner.query(`CREATE TABLE "blacklist_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "org_id" uuid NOT NULL, "product_id" uuid NOT NULL, "type" character varying(8) NOT NULL, "value" character varying(256) NOT NULL, "value_hash" character(64) NOT NULL, "network" cidr, "reason" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_61b3b4cd52f946ff6807b9120e3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_blacklist_entries_product_created" ON "blacklist_entries"  ("product_id", "created_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_blacklist_entries_value" ON "blacklist_entries"  ("product_id", "type", "value_hash") `);
    // Hand-written: "which range contains this address" (network >>= ip) answered by GiST, not a scan.
    await queryRunner.query(`CREATE INDEX "ix_blacklist_entries_network" ON "blacklist_entries" USING gist ("network" inet_ops) WHERE "network" IS NOT NULL`);
    await queryRunner.query(`CREATE TABLE "sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "license_id" uuid NOT NULL, "session_id_hash" character(64) NOT NULL, "device_id" character varying(256), "ip_hash" character(64), "hwid_hash" character(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "ended_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_sessions_license_created" ON "sessions"  ("license_id", "created_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_sessions_open" ON "sessions"  ("license_id", "session_id_hash") WHERE "ended_at" IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_sessions_open"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sessions_license_created"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP INDEX "public"."ix_blacklist_entries_network"`);
    await queryRunner.query(`DROP INDEX "public"."uq_blacklist_entries_value"`);
    await queryRunner.query(`DROP INDEX "public"."ix_blacklist_entries_product_created"`);
    await queryRunner.query(`DROP TABLE "blacklist_entries"`);
    await queryRunner.query(`DROP INDEX "public"."uq_bindings_active"`);
    await queryRunner.query(`DROP INDEX "public"."ix_bindings_license"`);
    await queryRunner.query(`DROP TABLE "bindings"`);
  }
}
