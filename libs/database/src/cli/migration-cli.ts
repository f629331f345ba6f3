/**
 * Migration commands on the compiled DataSource:
 *   run       apply pending migrations
 *   generate  write a migration for the difference between the entities and the migrated schema
 *   check     fail when the entities differ from what the migrations produce (CI's drift check)
 * Uses DATABASE_URL when set, otherwise the embedded PostgreSQL (a scratch database for check/generate).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDataSource } from '../../../../ormconfig.js';
import { AppConfig } from '../../../core/src/config/app-config.js';
import { startEmbeddedPostgres } from '../embedded-postgres.js';

async function scratchDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'gg-migrate-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const db = await startEmbeddedPostgres({ dataDir: dir, port, database: 'geckoguard_migrate' });
  return {
    url: db.url,
    stop: async () => {
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function main(): Promise<void> {
  const command = process.argv[2];
  if (command === 'run') {
    const config = new AppConfig();
    const { resolveDatabase } = await import('../database-url.js');
    const db = await resolveDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, embeddedPort: config.embeddedPgPort });
    const ds = createDataSource(db.url, 2);
    await ds.initialize();
    const applied = await ds.runMigrations({ transaction: 'each' });
    console.log(`applied ${applied.length} migration(s)${applied.map((m) => `\n  ${m.name}`).join('')}`);
    await ds.destroy();
    await db.stop();
    return;
  }
  if (command !== 'generate' && command !== 'check') {
    console.error('usage: migration-cli run|generate|check');
    process.exit(2);
  }
  const db = await scratchDatabase();
  const ds = createDataSource(db.url, 2);
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    const sql = await ds.driver.createSchemaBuilder().log();
    if (command === 'check') {
      if (sql.upQueries.length > 0) {
        console.error('Schema drift: the entities differ from the migrations. Run `npm run migration:generate`.');
        for (const q of sql.upQueries) console.error(`  ${q.query}`);
        process.exitCode = 1;
      } else {
        console.log('migration:check: entities and migrations agree');
      }
      return;
    }
    if (sql.upQueries.length === 0) {
      console.log('No changes: nothing to generate');
      return;
    }
    const name = process.argv[3] ?? 'Schema';
    const timestamp = Date.now();
    // `vendor-operations` and `VendorOperations` both name the class VendorOperations<timestamp>.
    const pascal = name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
    const className = `${pascal}${timestamp}`;
    const esc = (q: string) => q.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
    const up = sql.upQueries.map((q) => `    await queryRunner.query(\`${esc(q.query)}\`);`).join('\n');
    const down = sql.downQueries.reverse().map((q) => `    await queryRunner.query(\`${esc(q.query)}\`);`).join('\n');
    const dir = resolve('libs/database/src/migrations');
    const file = `${timestamp}-${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}.ts`;
    writeFileSync(
      join(dir, file),
      `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n\n  async up(queryRunner: QueryRunner): Promise<void> {\n${up}\n  }\n\n  async down(queryRunner: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
    );
    const indexFile = join(dir, 'index.ts');
    const index = readFileSync(indexFile, 'utf8');
    const importLine = `import { ${className} } from './${file.replace(/\.ts$/, '.js')}';\n`;
    const updated = (importLine + index).replace(/export const MIGRATIONS = \[([^\]]*)\];/, (_m, list: string) => {
      const items = list.split(',').map((s) => s.trim()).filter(Boolean);
      items.push(className);
      return `export const MIGRATIONS = [${items.join(', ')}];`;
    });
    writeFileSync(indexFile, updated);
    console.log(`wrote libs/database/src/migrations/${file}`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
