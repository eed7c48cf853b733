import { Controller, Get, Post, type Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  Public,
  ScopeCatalog,
  type ScopeDefinition,
  ScopedRoutes,
  Scopes,
} from '@scopegate/resource-server';
import { ScopesModule } from './scopes.module';

const THINGS_SCOPES: readonly ScopeDefinition[] = [
  { name: 'things:read', description: 'Read things' },
  { name: 'things:write', description: 'Write things', implies: ['things:read'] },
];

@Controller('things')
@Scopes('things:read')
class ThingsController {
  @Get()
  list() {}

  @Post()
  @Scopes('things:write')
  create() {}

  /** Not a route: no HTTP method decorator. */
  helper() {}
}

@Controller('health')
class HealthController {
  @Get()
  @Public()
  @Scopes()
  check() {}
}

@Controller('ghosts')
class GhostController {
  @Get()
  @Scopes('things:read', 'ghosts:haunt')
  haunt() {}
}

@Controller('leaky')
class LeakyPublicController {
  @Get()
  @Public()
  @Scopes('things:read')
  peek() {}
}

async function compile(...controllers: Type[]): Promise<TestingModule> {
  return Test.createTestingModule({
    imports: [ScopesModule, ScopesModule.forFeature('ThingsModule', THINGS_SCOPES)],
    controllers,
  }).compile();
}

describe('ScopedRoutes', () => {
  // A module whose init failed is not closed: close() would re-throw the start-up error.
  it('refuses to start when a handler uses an undeclared scope, naming the handler and the scope', async () => {
    const moduleRef = await compile(ThingsController, GhostController);
    await expect(moduleRef.init()).rejects.toThrow(
      'GhostController.haunt requires scope "ghosts:haunt", which no module declares',
    );
  });

  it('refuses to start when a @Public() route also requires scopes', async () => {
    const moduleRef = await compile(LeakyPublicController);
    await expect(moduleRef.init()).rejects.toThrow(
      'LeakyPublicController.peek is @Public() but also requires scopes',
    );
  });

  it('refuses to start when a @Public() handler sits in a controller with class-level scopes', async () => {
    @Controller('mixed')
    @Scopes('things:read')
    class MixedController {
      @Get('open')
      @Public()
      open() {}
    }
    const moduleRef = await compile(MixedController);
    await expect(moduleRef.init()).rejects.toThrow(
      'MixedController.open is @Public() but also requires scopes',
    );
  });

  describe('with a valid setup', () => {
    let moduleRef: TestingModule;

    beforeEach(async () => {
      moduleRef = await compile(ThingsController, HealthController);
      await moduleRef.init();
    });

    afterEach(() => moduleRef.close());

    it('lists every route handler with its method and requirement', () => {
      const routes = moduleRef.get(ScopedRoutes).list();
      const summary = routes.map(({ controller, handler, method, requirement }) => ({
        route: `${method} ${controller}.${handler}`,
        isPublic: requirement.isPublic,
        scopes: requirement.scopes,
      }));
      expect(summary).toEqual(
        expect.arrayContaining([
          { route: 'GET ThingsController.list', isPublic: false, scopes: ['things:read'] },
          {
            route: 'POST ThingsController.create',
            isPublic: false,
            scopes: ['things:read', 'things:write'],
          },
          { route: 'GET HealthController.check', isPublic: true, scopes: [] },
        ]),
      );
      expect(summary).toHaveLength(3);
    });

    it('builds the catalog from the core scopes and every forFeature declaration', () => {
      const catalog = moduleRef.get(ScopeCatalog);
      expect(catalog.definitions.map((definition) => definition.name).sort()).toEqual([
        'admin',
        'things:read',
        'things:write',
      ]);
      expect([...catalog.closureOf('admin')].sort()).toEqual([
        'admin',
        'things:read',
        'things:write',
      ]);
    });
  });
});
