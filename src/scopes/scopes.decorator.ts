export const SCOPES_KEY = 'scopegate:scopes';

/**
 * Requires every listed scope (AND). Usable on a controller class and on a handler: the
 * route's requirement is the union of both. Applying it more than once to the same target
 * (directly or through composite decorators) adds to the list rather than replacing it.
 */
export function Scopes(...scopes: string[]): ClassDecorator & MethodDecorator {
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder: object = descriptor ? (descriptor.value as object) : target;
    const existing = (Reflect.getMetadata(SCOPES_KEY, holder) as string[] | undefined) ?? [];
    Reflect.defineMetadata(SCOPES_KEY, [...new Set([...existing, ...scopes])], holder);
  };
}
