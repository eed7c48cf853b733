import type { INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  applyScopeSecurity,
  operationIdOf,
  ScopeCatalog,
  ScopedRoutes,
} from '@scopegate/resource-server';
import { seedConfig, type SeedConfig } from '../config/seed.config';
import { GrantRegistry } from '../authorization-server/common/grant-registry';
import { TokenRequestDto } from '../authorization-server/token/dto/token-request.dto';
import { TokenController } from '../authorization-server/token/token.controller';
import { DEFAULT_TOKEN_URL, OAUTH2_SCHEME, oauth2PasswordScheme } from './oauth2-password-scheme';

/** The API's description; the demo credentials appear only where the demo data exists. */
function descriptionOf(demoData: boolean): string {
  return [
    'OAuth2 authorization server and resource server: scoped JWT access tokens (RFC 9068) for users and clients, refresh, revocation, introspection and published keys.',
    `Click **Authorize**, choose the authorizationCode flow (client_id \`first-party\`), tick the scopes you want and sign in on Scopegate's page${demoData ? ' (the demo has `johndoe` / `secret`)' : ''}, then **Try it out**.`,
    'Each protected operation ends its description with the scopes it requires (all of them are needed); its padlock dialog lists every scope, not only those.',
  ].join('\n\n');
}

/**
 * What each tag is about. The tag list itself comes from the operations (`@ApiTags()`), so a
 * new module's tag cannot be left out; a tag without an entry here has no description.
 */
const TAG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  auth: 'The OAuth2 endpoints: token, revocation, introspection, metadata',
  health: 'Liveness and readiness probes',
  items: 'Items',
  pages: "Scopegate's own HTML pages for a browser: authorize, login, consent, sign out",
  status: 'Token check',
  users: 'The current user, and user administration',
};

/**
 * The OpenAPI document of an initialised application, built from the metadata the guards
 * read: the scheme's scopes come from the `ScopeCatalog`, each operation's security from
 * `ScopedRoutes`. Keys are sorted, so the same code always gives the same document.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const catalog = app.get(ScopeCatalog);
  const routes = app.get(ScopedRoutes).list();
  const grants = grantRegistryOf(app);
  const config = new DocumentBuilder()
    .setTitle('Scopegate')
    .setDescription(descriptionOf(hasDemoData(app)))
    .setVersion(packageVersion())
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: operationIdOf,
  });
  document.components = {
    ...document.components,
    securitySchemes: {
      [OAUTH2_SCHEME]: oauth2PasswordScheme(catalog, tokenUrlOf(document), {
        // An application without a token endpoint still documents the password flow.
        password: grants?.servesPassword ?? true,
      }),
    },
  };
  applyScopeSecurity(document, routes, OAUTH2_SCHEME);
  listServedGrants(document, grants);
  document.tags = tagsOf(document);
  // DocumentBuilder's empty placeholders say nothing.
  delete document.info.contact;
  if (!document.servers?.length) delete document.servers;
  return sorted(document);
}

/** The grant registry, when the application has a token endpoint (a test module may not). */
function grantRegistryOf(app: INestApplication): GrantRegistry | null {
  try {
    return app.get(GrantRegistry, { strict: false });
  } catch {
    return null;
  }
}

/**
 * The token request's `grant_type` lists the grants served, as the metadata does
 * (`PASSWORD_GRANT=false` leaves `password` out); the DTO's decorator lists every grant.
 */
function listServedGrants(document: OpenAPIObject, grants: GrantRegistry | null): void {
  const request = document.components?.schemas?.[TokenRequestDto.name] as SchemaObject | undefined;
  const grantType = request?.properties?.grant_type as SchemaObject | undefined;
  if (grants && grantType?.enum) grantType.enum = [...grants.grantTypes];
}

/**
 * The token endpoint's path as documented, global prefix included; root-relative, because
 * Swagger UI resolves a bare relative tokenUrl against the page (swagger-ui#4599).
 */
export function tokenUrlOf(document: OpenAPIObject): string {
  const tokenOperation = operationIdOf(
    TokenController.name,
    'issue' satisfies keyof TokenController,
  );
  const found = Object.entries(document.paths).find(
    ([, item]) => item.post?.operationId === tokenOperation,
  );
  // An application without the token endpoint (a test module) still gets a usable scheme.
  return found?.[0] ?? DEFAULT_TOKEN_URL;
}

/** Every tag the operations use, with its description. */
function tagsOf(document: OpenAPIObject): NonNullable<OpenAPIObject['tags']> {
  const names = new Set<string>();
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const) {
      for (const tag of item[method]?.tags ?? []) names.add(tag);
    }
  }
  return [...names].map((name) =>
    TAG_DESCRIPTIONS[name] ? { name, description: TAG_DESCRIPTIONS[name] } : { name },
  );
}

/** Whether the application loads demo data; one without the seed configuration has none. */
function hasDemoData(app: INestApplication): boolean {
  try {
    return app.get<SeedConfig>(seedConfig.KEY).demoData;
  } catch {
    return false;
  }
}

/** The document as `npm run openapi` writes it to openapi.json. */
export function serializeOpenApiDocument(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

function sorted(document: OpenAPIObject): OpenAPIObject {
  const byKey = <T>(record: Record<string, T> | undefined) =>
    record && Object.fromEntries(Object.entries(record).sort(([a], [b]) => compare(a, b)));
  return {
    ...document,
    tags: document.tags && [...document.tags].sort((a, b) => compare(a.name, b.name)),
    paths: byKey(document.paths)!,
    components: document.components && {
      ...document.components,
      schemas: byKey(document.components.schemas),
    },
  };
}

/** Code-point order: the same everywhere, unlike localeCompare. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function packageVersion(): string {
  // Two levels up from both src/openapi and dist/openapi.
  const manifest = readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8');
  return (JSON.parse(manifest) as { version: string }).version;
}
