import {
  Controller,
  Get,
  Injectable,
  Module,
  Post,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import {
  ScopeCatalog,
  type ScopeDefinition,
  Scopes,
  ScopesGuard,
} from '@scopegate/resource-server';
import type { AuthenticatedRequest, Principal } from '../src/core/principal';
import { setupOpenApi } from '../src/openapi/openapi.setup';
import { ScopesModule } from '../src/scopes/scopes.module';

const REPORTS_SCOPES: ScopeDefinition[] = [{ name: 'reports:read', description: 'Read reports' }];
const EXPORT_SCOPE: ScopeDefinition = {
  name: 'reports:export',
  description: 'Export reports',
  implies: ['reports:read'],
};

/**
 * Stands in for token verification: the caller's scopes come from an `x-scopes` header,
 * expanded through the catalog as the real JWT strategy does. The scope guard is the real one.
 */
@Injectable()
class HeaderAuthentication implements CanActivate {
  constructor(private readonly catalog: ScopeCatalog) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers['x-scopes'];
    const granted = typeof header === 'string' ? header.split(' ').filter(Boolean) : [];
    request.principal = {
      grantedScopes: granted,
      effectiveScopes: this.catalog.expand(granted),
    } as unknown as Principal;
    return true;
  }
}

/**
 * A reports feature as a team would write it. `withExport` is the change under test: declare
 * `reports:export` in the module's catalog and add `@Scopes('reports:export')` to one handler.
 */
async function startReports(withExport: boolean): Promise<NestFastifyApplication> {
  @Scopes('reports:read')
  @Controller('reports')
  class ReportsController {
    @Get()
    list() {
      return [];
    }

    @Post('export')
    @Scopes(...(withExport ? [EXPORT_SCOPE.name] : []))
    export() {
      return { exported: true };
    }
  }

  @Module({
    imports: [
      ScopesModule.forFeature(
        'ReportsModule',
        withExport ? [...REPORTS_SCOPES, EXPORT_SCOPE] : REPORTS_SCOPES,
      ),
    ],
    controllers: [ReportsController],
  })
  class ReportsModule {}

  const moduleRef = await Test.createTestingModule({
    imports: [ScopesModule, ReportsModule],
    providers: [
      HeaderAuthentication,
      { provide: APP_GUARD, useExisting: HeaderAuthentication },
      { provide: APP_GUARD, useExisting: ScopesGuard },
    ],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
    logger: false,
  });
  await app.init();
  setupOpenApi(app);
  await app.listen(0, '127.0.0.1');
  return app;
}

interface Observed {
  schemeScopes: Record<string, string>;
  exportSecurity: unknown;
  statusWithReadOnly: number;
  statusWithExport: number;
}

/** What the guard and the served document say about POST /reports/export. */
async function observe(app: NestFastifyApplication): Promise<Observed> {
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const document = (await (await fetch(`${url}/openapi.json`)).json()) as any;
  const post = (scopes: string) =>
    fetch(`${url}/reports/export`, { method: 'POST', headers: { 'x-scopes': scopes } });
  return {
    schemeScopes: document.components.securitySchemes.OAuth2PasswordBearer.flows.password.scopes,
    exportSecurity: document.paths['/reports/export'].post.security,
    statusWithReadOnly: (await post('reports:read')).status,
    statusWithExport: (await post('reports:export')).status,
  };
}

describe('adding @Scopes() with a scope declared in a module catalog', () => {
  let before: Observed;
  let after: Observed;

  beforeAll(async () => {
    const without = await startReports(false);
    before = await observe(without);
    await without.close();
    const withExport = await startReports(true);
    after = await observe(withExport);
    await withExport.close();
  });

  it('starts from a route that needs only the class scope', () => {
    expect(before.exportSecurity).toEqual([{ OAuth2PasswordBearer: ['reports:read'] }]);
    expect(Object.keys(before.schemeScopes)).toEqual(['admin', 'reports:read']);
    expect(before.statusWithReadOnly).toBe(201);
  });

  it('adds the scope to the scheme, with its description and implications', () => {
    expect(Object.keys(after.schemeScopes)).toEqual(['admin', 'reports:read', 'reports:export']);
    expect(after.schemeScopes['reports:export']).toBe('Export reports (implies reports:read)');
  });

  it("adds the scope to the operation's one requirement object, beside the class scope", () => {
    expect(after.exportSecurity).toEqual([
      { OAuth2PasswordBearer: ['reports:read', 'reports:export'] },
    ]);
  });

  it('makes the guard demand it: 403 without it, 201 with it', () => {
    expect(after.statusWithReadOnly).toBe(403);
    expect(after.statusWithExport).toBe(201);
  });
});
