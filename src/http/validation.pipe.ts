import { ValidationPipe, type ArgumentMetadata, type ValidationPipeOptions } from '@nestjs/common';

type Constructor = new () => object;

/**
 * Nest's `ValidationPipe` (class-validator and class-transformer do the work), remembering per
 * DTO class whether an **empty** object passes: most list requests send no query at all, and
 * for them the answer is always the same. Once `{}` has been validated for a class and
 * passed, an empty value of that class becomes a new instance without running the validators
 * and transformers again (`npm run bench`, `GET /users/me/items/`, shows the saving); a class
 * whose empty value fails is validated every time, and so is every non-empty value.
 */
export class AppValidationPipe extends ValidationPipe {
  /** Classes whose empty value passed validation (and so always will). */
  private readonly emptyPasses = new WeakSet<Constructor>();

  constructor(options: ValidationPipeOptions) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const type = metadata.metatype as Constructor | undefined;
    const fromRequest = metadata.type === 'query' || metadata.type === 'body';
    if (!type || !fromRequest || !isEmptyObject(value)) return super.transform(value, metadata);
    if (this.emptyPasses.has(type)) return new type();
    const result: unknown = await super.transform(value, metadata);
    // Reached only when it passed (a failure throws); only a class's own instance is kept.
    if (result instanceof type) this.emptyPasses.add(type);
    return result;
  }
}

/** A plain object with no own enumerable key: Fastify's parse of an absent query string. */
function isEmptyObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const key in value) if (Object.hasOwn(value, key)) return false;
  return true;
}
