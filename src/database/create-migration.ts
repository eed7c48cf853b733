import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DIALECTS = { sqlite: 'Sqlite', postgres: 'Postgres' } as const;

/**
 * `npm run migration:create -- <Name>`: writes one migration per dialect into
 * `src/database/migrations/<dialect>/<timestamp>-<name>.ts` of the current project. Each
 * refuses to run until its `up()` and `down()` are written, so a forgotten one cannot pass for
 * an applied change. The migrations are found by their folder: nothing needs registering.
 */
function main(): void {
  const name = process.argv[2] ?? '';
  if (!/^[A-Z][A-Za-z0-9]{0,63}$/.test(name)) {
    process.stderr.write(
      'error: give the migration a PascalCase name, e.g. npm run migration:create -- CreateReports\n',
    );
    process.exit(1);
  }
  const timestamp = Date.now();
  const file = `${timestamp}-${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}.ts`;
  for (const [dialect, suffix] of Object.entries(DIALECTS)) {
    const folder = join(process.cwd(), 'src', 'database', 'migrations', dialect);
    const path = join(folder, file);
    if (existsSync(path)) {
      process.stderr.write(`error: ${path} exists already\n`);
      process.exit(1);
    }
    mkdirSync(folder, { recursive: true });
    writeFileSync(path, template(`${name}${suffix}${timestamp}`, suffix));
    process.stdout.write(`wrote src/database/migrations/${dialect}/${file}\n`);
  }
}

function template(className: string, dialect: string): string {
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  up(_queryRunner: QueryRunner): Promise<void> {
    return Promise.reject(new Error('${className}: write up() for ${dialect} before running it'));
  }

  down(_queryRunner: QueryRunner): Promise<void> {
    return Promise.reject(new Error('${className}: write down() for ${dialect} before running it'));
  }
}
`;
}

main();
