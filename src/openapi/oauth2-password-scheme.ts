import type { SecuritySchemeObject } from '@nestjs/swagger';
import type { ScopeCatalog } from '../scopes/scope-catalog';

/** The name of the one security scheme; every protected operation's requirement refers to it. */
export const OAUTH2_SCHEME = 'OAuth2PasswordBearer';

/** Where the password flow gets its tokens when the application has no global prefix. */
export const DEFAULT_TOKEN_URL = '/token';

/**
 * The OAuth2 scheme: the password flow (users, through the built-in public client) and the
 * client-credentials flow (services), both offering every scope of the catalog, in declaration
 * order, with its description and the scopes it implies (what the Authorize dialog shows
 * beside each box). One scheme, so each operation's one requirement covers both flows.
 */
export function oauth2PasswordScheme(
  catalog: ScopeCatalog,
  tokenUrl: string = DEFAULT_TOKEN_URL,
): SecuritySchemeObject {
  const allImplying = new Set(
    catalog.definitions.filter((definition) => definition.impliesAll).map(({ name }) => name),
  );
  const scopes: Record<string, string> = {};
  for (const { name, description } of catalog.definitions) {
    const implied = [...catalog.closureOf(name)].filter((scope) => scope !== name).sort();
    if (allImplying.has(name) || implied.some((scope) => allImplying.has(scope))) {
      scopes[name] = `${description} (implies every scope)`;
    } else if (implied.length > 0) {
      scopes[name] = `${description} (implies ${implied.join(', ')})`;
    } else {
      scopes[name] = description;
    }
  }
  return {
    type: 'oauth2',
    description:
      'OAuth2 at POST /token. Password flow: a username, a password and the scopes, for the built-in public client first-party (leave client_id empty). Client-credentials flow: a confidential client (the demo has demo-service / demo-service-secret) gets a token of its own for the scopes it may hold.',
    flows: {
      password: { tokenUrl, scopes },
      clientCredentials: { tokenUrl, scopes },
    },
  };
}
