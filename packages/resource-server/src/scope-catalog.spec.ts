import { ScopeCatalog, ScopeCatalogError } from './scope-catalog';
import type { ScopeDefinition } from './scope-definition';

function catalogOf(...scopes: ScopeDefinition[]): ScopeCatalog {
  return ScopeCatalog.fromDeclarations([{ owner: 'TestModule', scopes }]);
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
          { owner: 'ItemsModule', scopes: [{ name: 'shared', description: 'one' }] },
          { owner: 'UsersModule', scopes: [{ name: 'shared', description: 'two' }] },
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
});
