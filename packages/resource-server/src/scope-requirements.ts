import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { INTROSPECT_KEY, IS_PUBLIC_KEY, SCOPES_KEY } from './decorators';

/** What a route demands: nothing (public), or a valid token with all of `scopes`. */
export interface RouteRequirement {
  readonly isPublic: boolean;
  /** Union of class-level and handler-level `@Scopes()`, class first, without duplicates. */
  readonly scopes: readonly string[];
  /** `@Introspect()` on the handler or its class: the issuer confirms the token is active. */
  readonly introspect: boolean;
}

// Nest hands controllers and handlers around as bare functions (ExecutionContext).
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Handler = Function;
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type ControllerClass = Function;

/**
 * Reads a route's requirement from its metadata. The guard, the start-up validation and the
 * OpenAPI document all ask this one reader, so they cannot disagree. Results are cached per
 * (class, handler): metadata does not change after start-up.
 */
@Injectable()
export class ScopeRequirements {
  private readonly cache = new WeakMap<ControllerClass, WeakMap<Handler, RouteRequirement>>();

  constructor(private readonly reflector: Reflector) {}

  of(controller: ControllerClass, handler: Handler): RouteRequirement {
    let perClass = this.cache.get(controller);
    if (!perClass) {
      perClass = new WeakMap();
      this.cache.set(controller, perClass);
    }
    let requirement = perClass.get(handler);
    if (!requirement) {
      requirement = this.read(controller, handler);
      perClass.set(handler, requirement);
    }
    return requirement;
  }

  private read(controller: ControllerClass, handler: Handler): RouteRequirement {
    const isPublic =
      this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
        handler,
        controller,
      ]) === true;
    const merged = this.reflector.getAllAndMerge<string[]>(SCOPES_KEY, [controller, handler]);
    const introspect =
      this.reflector.getAllAndOverride<boolean | undefined>(INTROSPECT_KEY, [
        handler,
        controller,
      ]) === true;
    return Object.freeze({ isPublic, scopes: Object.freeze([...new Set(merged)]), introspect });
  }
}
