import { applyDecorators, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Public, Scopes } from './decorators';
import { BearerError } from './errors';
import type { ScopedPrincipal } from './principal';
import { ScopeCatalog } from './scope-catalog';
import { ScopeRequirements } from './scope-requirements';
import { ScopesGuard } from './scopes.guard';

const catalog = ScopeCatalog.fromDeclarations([
  {
    owner: 'TestModule',
    scopes: [
      { name: 'admin', description: 'Full access', impliesAll: true },
      { name: 'me', description: 'Me' },
      { name: 'items', description: 'My items' },
      { name: 'items:read', description: 'Read items' },
      { name: 'items:write', description: 'Write items', implies: ['items:read'] },
      { name: 'a', description: 'A' },
      { name: 'b', description: 'B' },
      { name: 'c', description: 'C' },
    ],
  },
]);

@Scopes('me')
class MeController {
  @Scopes('items')
  items() {}

  @Scopes('me', 'items')
  repeated() {}

  profile() {}
}

const ReadsAAndB = () => applyDecorators(Scopes('a'), Scopes('b'));

class StackedController {
  @ReadsAAndB()
  @Scopes('c')
  stacked() {}
}

class ItemsController {
  @Scopes('items:read')
  list() {}

  whoami() {}

  @Public()
  health() {}
}

@Public()
class OpenController {
  open() {}
}

type Controller = abstract new (...args: never[]) => object;

function principalHolding(...granted: string[]): ScopedPrincipal {
  return { effectiveScopes: catalog.expand(granted) };
}

function contextFor(
  controller: Controller,
  handler: string,
  principal?: ScopedPrincipal,
): ExecutionContext {
  const prototype = controller.prototype as Record<string, () => void>;
  return {
    getClass: () => controller,
    getHandler: () => prototype[handler],
    switchToHttp: () => ({ getRequest: () => ({ principal }) }),
  } as unknown as ExecutionContext;
}

describe('ScopesGuard', () => {
  const requirements = new ScopeRequirements(new Reflector());
  const guard = new ScopesGuard(requirements);

  function rejection(context: ExecutionContext): BearerError {
    try {
      guard.canActivate(context);
    } catch (error) {
      expect(error).toBeInstanceOf(BearerError);
      return error as BearerError;
    }
    throw new Error('expected the guard to refuse the request');
  }

  describe('route requirements', () => {
    it('are the union of class and handler scopes, class first', () => {
      expect(requirements.of(MeController, MeController.prototype.items).scopes).toEqual([
        'me',
        'items',
      ]);
    });

    it('list a scope repeated on class and handler once', () => {
      expect(requirements.of(MeController, MeController.prototype.repeated).scopes).toEqual([
        'me',
        'items',
      ]);
    });

    it('are the class scopes alone for a handler without @Scopes', () => {
      expect(requirements.of(MeController, MeController.prototype.profile).scopes).toEqual(['me']);
    });

    it('accumulate @Scopes applied several times to one handler, directly and via a composite', () => {
      const { scopes } = requirements.of(StackedController, StackedController.prototype.stacked);
      expect([...scopes].sort()).toEqual(['a', 'b', 'c']);
    });

    it('mark @Public() routes, on the handler or on the class', () => {
      expect(requirements.of(ItemsController, ItemsController.prototype.health).isPublic).toBe(
        true,
      );
      expect(requirements.of(OpenController, OpenController.prototype.open).isPublic).toBe(true);
      expect(requirements.of(ItemsController, ItemsController.prototype.list).isPublic).toBe(false);
    });
  });

  it('lets a token through that holds every required scope', () => {
    expect(
      guard.canActivate(contextFor(MeController, 'items', principalHolding('me', 'items'))),
    ).toBe(true);
  });

  it('requires both class and handler scopes (AND): the handler scope alone is not enough', () => {
    const error = rejection(contextFor(MeController, 'items', principalHolding('items')));
    expect(error.getStatus()).toBe(403);
  });

  it('requires both class and handler scopes (AND): the class scope alone is not enough', () => {
    const error = rejection(contextFor(MeController, 'items', principalHolding('me')));
    expect(error.getStatus()).toBe(403);
  });

  it('demands every scope of a handler decorated several times', () => {
    const holdingAAndC = { ...principalHolding(), effectiveScopes: new Set(['a', 'c']) };
    const error = rejection(contextFor(StackedController, 'stacked', holdingAAndC));
    expect(error.body.scope?.split(' ').sort()).toEqual(['a', 'b', 'c']);
  });

  it('lets a token holding items:write through a route requiring items:read', () => {
    const context = contextFor(ItemsController, 'list', principalHolding('items:write'));
    expect(guard.canActivate(context)).toBe(true);
  });

  it('lets an admin token through any route', () => {
    const context = contextFor(MeController, 'items', principalHolding('admin'));
    expect(guard.canActivate(context)).toBe(true);
  });

  it('does not let items:read through a route requiring items:write', () => {
    @Scopes('items:write')
    class WriteController {
      create() {}
    }
    const error = rejection(contextFor(WriteController, 'create', principalHolding('items:read')));
    expect(error.body.error).toBe('insufficient_scope');
  });

  it('returns 403 with insufficient_scope and every required scope when the token lacks items', () => {
    const error = rejection(contextFor(MeController, 'items', principalHolding('me')));
    expect(error.getStatus()).toBe(403);
    expect(error.body).toMatchObject({ error: 'insufficient_scope', scope: 'me items' });
    const challenge = error.headers['WWW-Authenticate'];
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain('scope="me items"');
  });

  it('refuses a scoped route when no principal is on the request', () => {
    const error = rejection(contextFor(ItemsController, 'list'));
    expect(error.getStatus()).toBe(403);
    expect(error.body.scope).toBe('items:read');
  });

  it('lets any authenticated caller through a route without scopes', () => {
    expect(guard.canActivate(contextFor(ItemsController, 'whoami', principalHolding()))).toBe(true);
  });

  it('lets @Public() routes through without a principal', () => {
    expect(guard.canActivate(contextFor(ItemsController, 'health'))).toBe(true);
    expect(guard.canActivate(contextFor(OpenController, 'open'))).toBe(true);
  });
});
