// The layering of src/, checked by `npm run lint` (README: "Layout"). Lower layers never
// import higher ones; features never import each other; no cycle crosses a folder.
//
//   app files (main, cli, app.module, app.factory, export-openapi)   compose everything
//   authorization-server · seed · openapi · cli                       compose features
//   access-tokens                                                     verifies tokens for every route
//   users · clients · sessions · consents · items · keys · status · health  features
//   scopes · http                                                request plumbing
//   database · credentials · redis                               persistence, argon2id, shared state
//   core                                                         principal, errors, @Public()
//   config                                                       the only reader of the environment
//
// Beneath them all, @scopegate/resource-server (packages/resource-server): the decorators, the
// scope guard, the RFC 6750 errors and the token verification, imported by package name only.
const FEATURES = 'users|clients|sessions|consents|items|status|health|keys';
const COMPOSERS = 'authorization-server|access-tokens|seed|openapi|cli';
/** The endpoint folders of the authorization server, named after their URLs. */
const ENDPOINTS = 'token|revocation|introspection|discovery|authorize|interaction|userinfo';

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
      comment:
        'The authorization server, seed and cli compose features; the authorization server uses the one verification of access-tokens; openapi may document both, nothing more.',
      severity: 'error',
      from: { path: '^src/(authorization-server|access-tokens|seed|cli)/' },
      to: {
        path: `^src/(${COMPOSERS})/`,
        pathNot: ['^src/$1/', '^src/access-tokens/'],
      },
    },
    {
      name: 'access-tokens-know-no-endpoint',
      comment: 'Verifying a token is the lower layer of the two: it never imports an endpoint.',
      severity: 'error',
      from: { path: '^src/access-tokens/' },
      to: { path: `^src/(${COMPOSERS})/`, pathNot: '^src/access-tokens/' },
    },
    {
      name: 'endpoints-stand-alone',
      comment:
        'An endpoint folder of the authorization server uses common/, never another endpoint.',
      severity: 'error',
      from: { path: `^src/authorization-server/(${ENDPOINTS})/` },
      to: {
        path: `^src/authorization-server/(${ENDPOINTS})/`,
        pathNot: '^src/authorization-server/$1/',
      },
    },
    {
      name: 'common-knows-no-endpoint',
      comment: 'common/ holds what several endpoints use; it never imports one of them.',
      severity: 'error',
      from: { path: '^src/authorization-server/common/' },
      to: { path: `^src/authorization-server/(${ENDPOINTS})/` },
    },
    {
      name: 'the-resource-server-package-by-name-only',
      comment:
        'src/ uses @scopegate/resource-server as any service does: through its one public index, never a relative path into packages/ or a deep import.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^packages/', pathNot: '^packages/resource-server/dist/index\\.js$' },
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
    // packages/ is included so that a path into it from src/ is seen (and refused).
    includeOnly: '^(src|packages)/',
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
  },
};
