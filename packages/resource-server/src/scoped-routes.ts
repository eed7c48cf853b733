import { Injectable, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ScopeCatalogError, type ScopeCatalog } from './scope-catalog';
import { ScopeRequirements, type RouteRequirement } from './scope-requirements';

/** One HTTP handler and what the guards will demand of it. */
export interface ScopedRoute {
  readonly controller: string;
  readonly handler: string;
  readonly method: string;
  readonly requirement: RouteRequirement;
}

/**
 * Every route handler of the application with its requirement, read once (controllers are
 * known once modules are scanned). `assertDeclaredIn` refuses a route that uses a scope the
 * catalog lacks, or that is public and asks for scopes anyway: the application must not start.
 */
@Injectable()
export class ScopedRoutes {
  private routes?: readonly ScopedRoute[];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly requirements: ScopeRequirements,
  ) {}

  list(): readonly ScopedRoute[] {
    this.routes ??= Object.freeze(this.discover());
    return this.routes;
  }

  /**
   * Throws a `ScopeCatalogError` naming the handler and the scope when a route requires a
   * scope `catalog` does not hold; `remedy` says where scopes are declared.
   */
  assertDeclaredIn(catalog: ScopeCatalog, remedy: string): void {
    for (const route of this.list()) {
      const where = `${route.controller}.${route.handler}`;
      for (const scope of route.requirement.scopes) {
        if (!catalog.has(scope)) {
          throw new ScopeCatalogError(`${where} requires scope "${scope}", which ${remedy}`);
        }
      }
      if (route.requirement.isPublic && route.requirement.scopes.length > 0) {
        throw new ScopeCatalogError(`${where} is @Public() but also requires scopes`);
      }
    }
  }

  private discover(): ScopedRoute[] {
    const routes: ScopedRoute[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as (...args: never[]) => unknown;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
        routes.push({
          controller: controller.name,
          handler: name,
          method: RequestMethod[method],
          requirement: this.requirements.of(controller, handler),
        });
      }
    }
    return routes;
  }
}
