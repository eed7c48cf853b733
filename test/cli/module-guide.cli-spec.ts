import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** A fenced `ts` block of the guide, with the line that introduces it. */
interface Block {
  intro: string;
  code: string;
}

/** The module guide (docs/adding-a-module.md), as its ts blocks in order. */
function guideBlocks(): Block[] {
  const section = readFileSync(join(ROOT, 'docs', 'adding-a-module.md'), 'utf8');
  const blocks: Block[] = [];
  const fence = /```ts\n([\s\S]*?)```/g;
  for (let match = fence.exec(section); match; match = fence.exec(section)) {
    const before = section.slice(0, match.index).trimEnd().split('\n');
    blocks.push({ intro: before[before.length - 1], code: match[1] });
  }
  return blocks;
}

/** The file a block is: the line before it ends with that file's `path`. */
function fileOf(block: Block): string | undefined {
  return /`((?:src|test)\/[\w./-]+\.ts)`:$/.exec(block.intro)?.[1];
}

/** Puts a migration's `up()` and `down()` from the guide into the file the script wrote. */
function fillMigration(path: string, methods: string): void {
  const generated = readFileSync(path, 'utf8');
  const body = generated.indexOf('\n  up(');
  const end = generated.lastIndexOf('}');
  expect(body).toBeGreaterThan(0);
  writeFileSync(path, `${generated.slice(0, body)}\n${methods}${generated.slice(end)}`);
}

describe('the "Adding a module" guide, followed literally', () => {
  let tree: string;

  beforeAll(() => {
    // A copy of the tree inside the repository, so that node_modules is found above it.
    tree = mkdtempSync(join(ROOT, '.guide-run-'));
    for (const entry of ['src', 'test/support', 'tsconfig.json', 'package.json']) {
      cpSync(join(ROOT, entry), join(tree, entry), { recursive: true });
    }
  });
  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  it('gives a module whose end-to-end test passes', () => {
    const blocks = guideBlocks();
    // Steps 1, 2, 4, 5, 6 and 8: the files, as the guide shows them.
    const files = blocks.filter((block) => fileOf(block) !== undefined);
    expect(files.map(fileOf)).toEqual([
      'src/reports/reports.scopes.ts',
      'src/reports/report.entity.ts',
      'src/reports/dto/report.dto.ts',
      'src/reports/dto/create-report.dto.ts',
      'src/reports/reports.service.ts',
      'src/reports/reports.controller.ts',
      'src/reports/reports.module.ts',
      'test/reports.e2e-spec.ts',
    ]);
    for (const block of files) {
      const path = join(tree, fileOf(block)!);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, block.code);
    }

    // Step 3: the migration script, then the guide's up() and down() for each dialect.
    const created = spawnSync(
      process.execPath,
      [join(ROOT, 'dist', 'database', 'create-migration.js'), 'CreateReports'],
      { cwd: tree, encoding: 'utf8' },
    );
    expect(created.status).toBe(0);
    expect(created.stdout).toMatch(/sqlite\/\d+-create-reports\.ts[\s\S]*postgres\/\d+-create-/);
    const migrations = blocks.filter((block) => /migration:$/.test(block.intro));
    expect(migrations.map((block) => block.intro)).toEqual([
      'In the SQLite migration:',
      'In the PostgreSQL migration:',
    ]);
    for (const [dialect, block] of [
      ['sqlite', migrations[0]],
      ['postgres', migrations[1]],
    ] as const) {
      const folder = join(tree, 'src', 'database', 'migrations', dialect);
      const file = readdirSync(folder).find((name) => name.endsWith('-create-reports.ts'))!;
      fillMigration(join(folder, file), block.code);
    }

    // Step 7: the two lines the guide adds to AppModule.
    const wiring = blocks.find((block) => block.intro.includes('`src/app.module.ts`'))!;
    const [importLine, listEntry] = wiring.code.trimEnd().split('\n');
    const appModulePath = join(tree, 'src', 'app.module.ts');
    const appModule = readFileSync(appModulePath, 'utf8');
    expect(appModule).toContain('    ItemsModule,\n');
    writeFileSync(
      appModulePath,
      `${importLine}\n${appModule.replace('    ItemsModule,\n', `    ItemsModule,\n${listEntry}\n`)}`,
    );

    // Step 8: the guide's test, on SQLite and on PostgreSQL, as `npm test` would run it.
    for (const databaseUrl of [undefined, 'postgres://postgres@127.0.0.1:5432/test']) {
      const run = spawnSync(
        process.execPath,
        [
          join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
          '--rootDir',
          tree,
          '--testMatch',
          '<rootDir>/test/reports.e2e-spec.ts',
          '--transform',
          JSON.stringify({ '^.+\\.ts$': ['ts-jest', { tsconfig: join(tree, 'tsconfig.json') }] }),
        ],
        {
          cwd: tree,
          encoding: 'utf8',
          env: { ...process.env, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
          timeout: 120_000,
        },
      );
      expect({ databaseUrl, status: run.status, output: run.stderr.slice(-3000) }).toEqual({
        databaseUrl,
        status: 0,
        output: expect.stringMatching(/Tests: +2 passed, 2 total/),
      });
    }
  });
});
