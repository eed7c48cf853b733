import type { FastifyRequest } from 'fastify';
import { isFormContentType } from './oauth2-form';
import { PageError } from './page-error';

/** A page's form fields, each sent at most once (a repeated field is a 400 page). */
export class PageForm {
  private constructor(private readonly fields: Readonly<Record<string, unknown>>) {}

  static of(request: FastifyRequest): PageForm {
    return new PageForm(PageForm.fieldsOf(request));
  }

  /** The form-encoded body's fields as parsed (a repeated one is an array); else a 400 page. */
  static fieldsOf(request: FastifyRequest): Readonly<Record<string, unknown>> {
    const body = request.body;
    if (
      !isFormContentType(request.headers['content-type']) ||
      typeof body !== 'object' ||
      body === null ||
      Array.isArray(body)
    ) {
      throw PageError.badRequest('The form must be sent as application/x-www-form-urlencoded.');
    }
    return body as Record<string, unknown>;
  }

  /** The field's value; undefined when absent. */
  get(name: string): string | undefined {
    const value = this.fields[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw PageError.badRequest(`The field ${name} was sent twice.`);
    return value;
  }
}

/** The request id of a page's query string (`?request_id=…`). */
export function requestIdOf(request: FastifyRequest): unknown {
  return (request.query as Record<string, unknown> | undefined)?.request_id;
}
