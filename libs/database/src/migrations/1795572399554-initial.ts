import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795572399554 implements MigrationInterface {
  name = 'Initial1795572399554';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_events" ("id" BIGSERIAL NOT NULL, "type" character varying(64) NOT NULL, "org_id" uuid, "product_id" uuid, "license_id" uuid, "actor_type" character varying(16) NOT NULL, "actor_id" character varying(64), "data" jsonb NOT NULL DEFAULT '{}', "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_audit_events_license" ON "audit_events"  ("license_id", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_audit_events_org_id" ON "audit_events"  ("org_id", "id") `);
    await queryRunner.query(`CREATE TABLE "idempotency_records" ("scope" character varying(64) NOT NULL, "method" character varying(8) NOT NULL, "path" character varying(500) NOT NULL, "idempotency_key" character varying(255) NOT NULL, "request_hash" character(64) NOT NULL, "status_code" integer, "response_body" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f222213494e23f9faa0aa1fb829" PRIMARY KEY ("scope", "method", "path", "idempotency_key"))`);
    await queryRunner.query(`CREATE INDEX "ix_idempotency_records_created" ON "idempotency_records"  ("created_at") `);
    await queryRunner.query(`CREATE TABLE "rate_limit_counters" ("bucket" character varying(200) NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "count" integer NOT NULL, CONSTRAINT "PK_1d945ced931693101cb40178ac2" PRIMARY KEY ("bucket", "window_start"))`);
    await queryRunner.query(`CREATE INDEX "ix_rate_limit_counters_window" ON "rate_limit_counters"  ("window_start") `);
    await queryRunner.query(`CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "org_id" uuid NOT NULL, "product_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "prefix" character varying(16) NOT NULL, "key_hash" character(64) NOT NULL, "permissions" text array NOT NULL, "require_signature" boolean NOT NULL DEFAULT false, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_57384430aa1959f4578046c9b81" UNIQUE ("key_hash"), CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_api_keys_product" ON "api_keys"  ("product_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "org_members" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "org_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8391a72b91725161ab2cab00be9" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_org_members_user" ON "org_members"  ("user_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_org_members_org_user" ON "org_members"  ("org_id", "user_id") `);
    await queryRunner.query(`CREATE TABLE "orgs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9eed8bfad4c9e0dc8648e090efe" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_a7838d2ba25be1342091b6695f1" UNIQUE ("token_hash"), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_refresh_tokens_user" ON "refresh_tokens"  ("user_id") `);
    await queryRunner.query(`CREATE INDEX "ix_refresh_tokens_family" ON "refresh_tokens"  ("family_id") `);
    await queryRunner.query(`CREATE TABLE "request_nonces" ("api_key_id" uuid NOT NULL, "nonce" character varying(128) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_c2c00143d1a259071feaf64f66b" PRIMARY KEY ("api_key_id", "nonce"))`);
    await queryRunner.query(`CREATE INDEX "ix_request_nonces_created" ON "request_nonces"  ("created_at") `);
    await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(320) NOT NULL, "password_hash" character varying(255) NOT NULL, "name" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "licenses" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "org_id" uuid NOT NULL, "product_id" uuid NOT NULL, "key" character varying(128) NOT NULL, "key_hash" character(64) NOT NULL, "expiration_mode" character varying(16) NOT NULL DEFAULT 'never', "expires_at" TIMESTAMP WITH TIME ZONE, "expires_after_days" integer, "activated_at" TIMESTAMP WITH TIME ZONE, "frozen_at" TIMESTAMP WITH TIME ZONE, "frozen_ms" bigint NOT NULL DEFAULT '0', "frozen_ms_before_activation" bigint NOT NULL DEFAULT '0', "revoked_at" TIMESTAMP WITH TIME ZONE, "revoke_reason" character varying(500), "locked_at" TIMESTAMP WITH TIME ZONE, "lock_reason" character varying(500), "policy_override" jsonb, "is_trial" boolean NOT NULL DEFAULT false, "contact_first_name" character varying(200), "contact_last_name" character varying(200), "contact_email" character varying(320), "company_name" character varying(200), "metadata" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_b7076906872dbc8f18d88108423" UNIQUE ("key_hash"), CONSTRAINT "PK_da5021501ce80efa03de6f40086" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_licenses_product" ON "licenses"  ("product_id") `);
    await queryRunner.query(`CREATE INDEX "ix_licenses_org_created" ON "licenses"  ("org_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "products" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "org_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "code" character varying(64) NOT NULL, "description" text, "default_license_policy" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0806c755e0aca124e67c0cf6d7d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_products_org_created" ON "products"  ("org_id", "created_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_products_org_code" ON "products"  ("org_id", "code") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_products_org_code"`);
    await queryRunner.query(`DROP INDEX "public"."ix_products_org_created"`);
    await queryRunner.query(`DROP TABLE "products"`);
    await queryRunner.query(`DROP INDEX "public"."ix_licenses_org_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_licenses_product"`);
    await queryRunner.query(`DROP TABLE "licenses"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."ix_request_nonces_created"`);
    await queryRunner.query(`DROP TABLE "request_nonces"`);
    await queryRunner.query(`DROP INDEX "public"."ix_refresh_tokens_family"`);
    await queryRunner.query(`DROP INDEX "public"."ix_refresh_tokens_user"`);
    await queryRunner.query(`DROP TABLE "refresh_tokens"`);
    await queryRunner.query(`DROP TABLE "orgs"`);
    await queryRunner.query(`DROP INDEX "public"."uq_org_members_org_user"`);
    await queryRunner.query(`DROP INDEX "public"."ix_org_members_user"`);
    await queryRunner.query(`DROP TABLE "org_members"`);
    await queryRunner.query(`DROP INDEX "public"."ix_api_keys_product"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
    await queryRunner.query(`DROP INDEX "public"."ix_rate_limit_counters_window"`);
    await queryRunner.query(`DROP TABLE "rate_limit_counters"`);
    await queryRunner.query(`DROP INDEX "public"."ix_idempotency_records_created"`);
    await queryRunner.query(`DROP TABLE "idempotency_records"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_events_org_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_events_license"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
  }
}
