// The layering of src/, checked by `npm run lint` (README: "Layout"). Lower layers never
// import higher ones; features never import each other; no cycle crosses a folder.
//
//   app files (main, cli, app.module, app.factory, export-openapi)   compose everything
//   auth · seed · openapi · cli                                       compose features
//   users · clients · sessions · items · keys · status · health  features
//   scopes · http                                                request plumbing
//   database · credentials · redis                               persistence, argon2id, shared state
//   core                                                         principal, errors, @Public()
//   config                                                       the only reader of the environment
const FEATURES = 'users|clients|sessions|items|status|health|keys';
const COMPOSERS = 'auth|seed|openapi|cli';

/**
 * A folder that may import only itself and the folders listed.
 * @param {string} folder
 * @param {string[]} allowed
 * @param {string} comment
 */
const onlyBelow = (folder, allowed, comment) => ({
  name: `${folder}-imports-only-lower-layers`,
  comment,
  severity: 'error',
  from: { path: `^src/${folder}/` },
  to: { path: '^src/', pathNot: `^src/(${[folder, ...allowed].join('|')})/` },
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle-between-folders',
      comment: 'Folders whose files import each other both ways cannot be drawn as layers.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    onlyBelow('config', [], 'Configuration is the lowest layer: it reads the environment only.'),
    onlyBelow('core', ['config'], 'core holds what every feature shares; it knows no feature.'),
    onlyBelow('database', ['config', 'core'], 'The database wiring knows no feature.'),
    onlyBelow('credentials', ['config', 'core'], 'Secret hashing knows no feature.'),
    onlyBelow(
      'redis',
      ['config', 'core'],
      'The shared state of several instances knows no feature.',
    ),
    onlyBelow('http', ['config', 'core', 'database'], 'HTTP plumbing knows no feature.'),
    onlyBelow('scopes', ['config', 'core'], 'The scope machinery knows no feature.'),
    {
      name: 'features-stand-alone',
      comment: 'A feature uses the lower layers, never another feature or a composer.',
      severity: 'error',
      from: { path: `^src/(${FEATURES})/` },
      to: { path: `^src/(${FEATURES}|${COMPOSERS})/`, pathNot: '^src/$1/' },
    },
    {
      name: 'composers-do-not-import-each-other',
      comment: 'auth and seed compose features; openapi may document auth, nothing more.',
      severity: 'error',
      from: { path: '^src/(auth|seed|cli)/' },
      to: { path: `^src/(${COMPOSERS})/`, pathNot: '^src/$1/' },
    },
    {
      name: 'nothing-imports-the-application',
      comment: 'The files at the root of src/ assemble the application; nothing depends on them.',
      severity: 'error',
      from: { path: '^src/[^/]+/' },
      to: { path: '^src/[^/]+\\.ts$' },
    },
  ],
  options: {
    includeOnly: '^src/',
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
  },
};
