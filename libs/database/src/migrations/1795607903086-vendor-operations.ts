import type { MigrationInterface, QueryRunner } from 'typeorm';

export class VendorOperations1795607903086 implements MigrationInterface {
  name = 'VendorOperations1795607903086';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "license_resets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "license_id" uuid NOT NULL, "type" character varying(8) NOT NULL, "forced" boolean NOT NULL DEFAULT false, "revoked" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d201e515ab539414080b61359b7" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_license_resets_license" ON "license_resets"  ("license_id", "type", "created_at") `);
    await queryRunner.query(`CREATE TABLE "license_expiry_marks" ("license_id" uuid NOT NULL, "effective_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d07afd72fdfd6e5e8fdffe0922d" PRIMARY KEY ("license_id"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "license_expiry_marks"`);
    await queryRunner.query(`DROP INDEX "public"."ix_license_resets_license"`);
    await queryRunner.query(`DROP TABLE "license_resets"`);
  }
}
