import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written. A stored response is replayed as the same body (API.md §1); jsonb sorted its keys, so a replay was
 * equal as JSON but not the same text. json keeps the text as written. Records stored before stay as jsonb wrote
 * them (they expire within 24 h).
 */
export class IdempotentReplayText1796400000000 implements MigrationInterface {
  name = 'IdempotentReplayText1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_records" ALTER COLUMN "response_body" TYPE json USING "response_body"::json`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_records" ALTER COLUMN "response_body" TYPE jsonb USING "response_body"::jsonb`);
  }
}
