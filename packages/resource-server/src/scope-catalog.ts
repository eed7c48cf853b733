import { isScopeToken, type ScopeDefinition } from './scope-definition';

/** The scopes one owner (a module, or the issuer's published catalog) contributes. */
export interface ScopeDeclaration {
  readonly owner: string;
  readonly scopes: readonly ScopeDefinition[];
}

/** A problem in the declared scopes that must stop the application from starting. */
export class ScopeCatalogError extends Error {
  override readonly name = 'ScopeCatalogError';
}

interface CatalogEntry {
  readonly definition: ScopeDefinition;
  readonly owner: string;
}

/**
 * The application's scopes: the union of every module's declaration. It is immutable once
 * built, and precomputes each scope's implication closure so a check is a set lookup.
 */
export class ScopeCatalog {
  private readonly entries: ReadonlyMap<string, CatalogEntry>;
  private readonly closures: ReadonlyMap<string, ReadonlySet<string>>;
  private readonly everyUsers: readonly string[];

  private constructor(entries: Map<string, CatalogEntry>) {
    this.entries = entries;
    this.closures = computeClosures(entries);
    this.everyUsers = [...entries.values()]
      .filter((entry) => entry.definition.ofEveryUser)
      .map((entry) => entry.definition.name);
  }

  /** Builds the catalog, refusing duplicates, malformed names, unknown implications and cycles. */
  static fromDeclarations(declarations: readonly ScopeDeclaration[]): ScopeCatalog {
    const entries = new Map<string, CatalogEntry>();
    for (const { owner, scopes } of declarations) {
      for (const definition of scopes) {
        if (!isScopeToken(definition.name)) {
          throw new ScopeCatalogError(
            `Scope ${JSON.stringify(definition.name)} declared by ${owner} is not a valid RFC 6749 scope token`,
          );
        }
        const existing = entries.get(definition.name);
        if (existing) {
          throw new ScopeCatalogError(
            `Scope "${definition.name}" is declared twice: by ${existing.owner} and by ${owner}`,
          );
        }
        entries.set(definition.name, { definition, owner });
      }
    }
    for (const { definition, owner } of entries.values()) {
      for (const implied of definition.implies ?? []) {
        if (!entries.has(implied)) {
          throw new ScopeCatalogError(
            `Scope "${definition.name}" (declared by ${owner}) implies "${implied}", which no module declares`,
          );
        }
      }
    }
    return new ScopeCatalog(entries);
  }

  /** Every scope, in declaration order. */
  get definitions(): ScopeDefinition[] {
    return [...this.entries.values()].map((entry) => entry.definition);
  }

  has(scope: string): boolean {
    return this.entries.has(scope);
  }

  /** The scopes that `scope` implies, itself included; empty for an unknown scope. */
  closureOf(scope: string): ReadonlySet<string> {
    return this.closures.get(scope) ?? EMPTY;
  }

  /** The set of scopes a holder of `scopes` effectively has (unknown names contribute nothing). */
  expand(scopes: Iterable<string>): Set<string> {
    const effective = new Set<string>();
    for (const scope of scopes) {
      for (const implied of this.closureOf(scope)) effective.add(implied);
    }
    return effective;
  }

  /**
   * What `scopes` come to when held for a user: `expand`, plus the scopes every user holds
   * (`ofEveryUser`). For a user's own scopes, and for a client's allow-list when it acts for a
   * user; never for a client's own token.
   */
  expandForUser(scopes: Iterable<string>): Set<string> {
    return this.expand([...scopes, ...this.everyUsers]);
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function computeClosures(entries: ReadonlyMap<string, CatalogEntry>): Map<string, Set<string>> {
  const all = [...entries.keys()];
  const closures = new Map<string, Set<string>>();
  const visiting: string[] = [];

  const visit = (name: string): Set<string> => {
    const done = closures.get(name);
    if (done) return done;
    const at = visiting.indexOf(name);
    if (at !== -1) {
      const cycle = [...visiting.slice(at), name].join(' ⇒ ');
      throw new ScopeCatalogError(`Scope implications form a cycle: ${cycle}`);
    }
    visiting.push(name);
    const { definition } = entries.get(name)!;
    const closure = new Set<string>([name]);
    for (const implied of definition.implies ?? []) {
      for (const scope of visit(implied)) closure.add(scope);
    }
    visiting.pop();
    closures.set(name, closure);
    return closure;
  };

  for (const name of all) visit(name);
  // A scope that implies everything is resolved after the graph is known to be acyclic.
  for (const { definition } of entries.values()) {
    if (definition.impliesAll) closures.set(definition.name, new Set(all));
  }
  // Scopes that imply an all-implying scope inherit "everything" too.
  for (const [name, closure] of closures) {
    if ([...closure].some((scope) => entries.get(scope)!.definition.impliesAll)) {
      closures.set(name, new Set(all));
    }
  }
  return closures;
}
