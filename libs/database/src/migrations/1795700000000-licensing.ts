import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Session-based licensing (API.md §10): unlock starts a fresh misuse-detection window. */
export class Licensing1795700000000 implements MigrationInterface {
  name = 'Licensing1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "licenses" ADD "misuse_window_start" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "licenses" DROP COLUMN "misuse_window_start"`);
  }
}
