import { Injectable, type OnModuleInit, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ScopeCatalog, ScopeCatalogError } from './scope-catalog';
import { ScopeRequirements, type RouteRequirement } from './scope-requirements';

/** One HTTP handler and what the guard will demand of it. */
export interface ScopedRoute {
  readonly controller: string;
  readonly handler: string;
  readonly method: string;
  readonly requirement: RouteRequirement;
}

/**
 * Every route handler of the application with its requirement. At start-up it refuses a
 * route that uses an undeclared scope, or that is public and asks for scopes anyway.
 */
@Injectable()
export class ScopedRoutes implements OnModuleInit {
  private routes: ScopedRoute[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly requirements: ScopeRequirements,
    private readonly catalog: ScopeCatalog,
  ) {}

  onModuleInit(): void {
    this.routes = this.discover();
    for (const route of this.routes) {
      const where = `${route.controller}.${route.handler}`;
      for (const scope of route.requirement.scopes) {
        if (!this.catalog.has(scope)) {
          throw new ScopeCatalogError(
            `${where} requires scope "${scope}", which no module declares; add it to the module's ScopesModule.forFeature() list`,
          );
        }
      }
      if (route.requirement.isPublic && route.requirement.scopes.length > 0) {
        throw new ScopeCatalogError(`${where} is @Public() but also requires scopes`);
      }
    }
  }

  list(): readonly ScopedRoute[] {
    return this.routes;
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
