import { ScopeCatalog, ScopeCatalogError } from './scope-catalog';
import { demoCatalog } from '../../test/support/demo-catalog';
import { ScopeDeclaration } from './scope-declaration';
import type { ScopeDefinition } from './scope-definition';

function catalogOf(...scopes: ScopeDefinition[]): ScopeCatalog {
  return ScopeCatalog.fromDeclarations([new ScopeDeclaration('TestModule', scopes)]);
}

const sorted = (scopes: Iterable<string>) => [...scopes].sort();

describe('ScopeCatalog.fromDeclarations', () => {
  describe('implications', () => {
    const catalog = catalogOf(
      { name: 'a', description: 'A', implies: ['b'] },
      { name: 'b', description: 'B', implies: ['c'] },
      { name: 'c', description: 'C' },
      { name: 'd', description: 'D' },
    );

    it('closes implications transitively (a ⇒ b ⇒ c)', () => {
      expect(sorted(catalog.closureOf('a'))).toEqual(['a', 'b', 'c']);
      expect(sorted(catalog.closureOf('b'))).toEqual(['b', 'c']);
      expect(sorted(catalog.closureOf('c'))).toEqual(['c']);
    });

    it('expands a set of scopes to the union of their closures', () => {
      expect(sorted(catalog.expand(['b', 'd']))).toEqual(['b', 'c', 'd']);
    });

    it('ignores unknown names when expanding', () => {
      expect(sorted(catalog.expand(['nope', 'c']))).toEqual(['c']);
      expect(catalog.closureOf('nope').size).toBe(0);
      expect(catalog.has('nope')).toBe(false);
    });

    it('lists the definitions in declaration order', () => {
      expect(catalog.definitions.map((definition) => definition.name)).toEqual([
        'a',
        'b',
        'c',
        'd',
      ]);
    });
  });

  describe('impliesAll', () => {
    const catalog = catalogOf(
      { name: 'root', description: 'Everything', impliesAll: true },
      { name: 'x', description: 'X' },
      { name: 'y', description: 'Y', implies: ['x'] },
      { name: 'owner', description: 'Implies root', implies: ['root'] },
      { name: 'super-owner', description: 'Implies owner', implies: ['owner'] },
    );
    const everything = ['owner', 'root', 'super-owner', 'x', 'y'];

    it('gives an all-implying scope every scope of the catalog', () => {
      expect(sorted(catalog.closureOf('root'))).toEqual(everything);
    });

    it('gives everything to a scope that implies the all-implying scope, even indirectly', () => {
      expect(sorted(catalog.closureOf('owner'))).toEqual(everything);
      expect(sorted(catalog.closureOf('super-owner'))).toEqual(everything);
    });

    it('leaves scopes that do not reach it alone', () => {
      expect(sorted(catalog.closureOf('y'))).toEqual(['x', 'y']);
    });
  });

  describe('refuses', () => {
    it('a cycle, naming the scopes on it', () => {
      const build = () =>
        catalogOf(
          { name: 'a', description: 'A', implies: ['b'] },
          { name: 'b', description: 'B', implies: ['c'] },
          { name: 'c', description: 'C', implies: ['a'] },
        );
      expect(build).toThrow(ScopeCatalogError);
      expect(build).toThrow('Scope implications form a cycle: a ⇒ b ⇒ c ⇒ a');
    });

    it('a scope that implies itself', () => {
      expect(() => catalogOf({ name: 'a', description: 'A', implies: ['a'] })).toThrow(
        'Scope implications form a cycle: a ⇒ a',
      );
    });

    it('a name declared by two modules, naming both owners', () => {
      const build = () =>
        ScopeCatalog.fromDeclarations([
          new ScopeDeclaration('ItemsModule', [{ name: 'shared', description: 'one' }]),
          new ScopeDeclaration('UsersModule', [{ name: 'shared', description: 'two' }]),
        ]);
      expect(build).toThrow(ScopeCatalogError);
      expect(build).toThrow('Scope "shared" is declared twice: by ItemsModule and by UsersModule');
    });

    it('an implication of a scope nobody declares', () => {
      const build = () => catalogOf({ name: 'a', description: 'A', implies: ['ghost'] });
      expect(build).toThrow(ScopeCatalogError);
      expect(build).toThrow(/"a" \(declared by TestModule\) implies "ghost"/);
    });

    it.each([
      ['a space', 'items read'],
      ['a double quote', 'items"read'],
      ['a backslash', 'items\\read'],
      ['nothing (empty name)', ''],
      ['a non-ASCII character', 'élément'],
    ])('a name containing %s', (_, name) => {
      const build = () => catalogOf({ name, description: 'bad' });
      expect(build).toThrow(ScopeCatalogError);
      expect(build).toThrow(`${JSON.stringify(name)} declared by TestModule is not a valid`);
    });
  });

  describe('with the demo declarations', () => {
    const catalog = demoCatalog;

    it('holds the demo catalog of docs/http-contract.md', () => {
      expect(sorted(catalog.definitions.map((definition) => definition.name))).toEqual([
        'admin',
        'email',
        'items',
        'items:delete',
        'items:read',
        'items:write',
        'me',
        'openid',
        'profile',
        'users:read',
        'users:write',
      ]);
    });

    it('adds what every user holds only for a user (expandForUser), never to expand', () => {
      expect(sorted(catalog.expand(['me']))).toEqual(['me']);
      expect(sorted(catalog.expandForUser(['me']))).toEqual(['email', 'me', 'openid', 'profile']);
      expect(sorted(catalog.expandForUser([]))).toEqual(['email', 'openid', 'profile']);
    });

    it('lets items:write imply items:read and nothing else', () => {
      expect(sorted(catalog.closureOf('items:write'))).toEqual(['items:read', 'items:write']);
    });

    it('lets users:write imply users:read and nothing else', () => {
      expect(sorted(catalog.closureOf('users:write'))).toEqual(['users:read', 'users:write']);
    });

    it('lets admin imply every scope', () => {
      expect(sorted(catalog.closureOf('admin'))).toEqual(
        sorted(catalog.definitions.map((definition) => definition.name)),
      );
    });

    it('does not let the read scopes imply their write counterparts', () => {
      expect(catalog.closureOf('items:read').has('items:write')).toBe(false);
      expect(catalog.closureOf('users:read').has('users:write')).toBe(false);
    });
  });
});
