import {
  applyDecorators,
  Header,
  HttpCode,
  Injectable,
  Post,
  SetMetadata,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
  type Type,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Public } from '@scopegate/resource-server';
import type { Client } from '../../clients/client.entity';
import { ClientErrorsAs } from '../../core/client-errors.decorator';
import { ClientAuthentication, triesBasic } from './client-authentication';
import { formRequestError, oauth2Form, type OAuth2Form } from './oauth2-form';

/** A request to a form endpoint, once its form is read (and, after the guard, its client known). */
export type FormEndpointRequest = FastifyRequest & {
  oauth2Form?: OAuth2Form;
  oauth2Client?: AuthenticatedClient;
};

/** The client that authenticated, and whether it did so by HTTP Basic. */
export interface AuthenticatedClient {
  readonly client: Client;
  readonly basic: boolean;
}

const REQUIRED_FIELDS = 'scopegate:formEndpointRequiredFields';

/**
 * Reads the form of an OAuth2 form endpoint (unless an earlier guard has), checks the fields
 * the endpoint requires before anything else, then authenticates the client (RFC 6749 §2.3):
 * every failure is an RFC 6749 error.
 */
@Injectable()
export class ClientAuthenticationGuard implements CanActivate {
  constructor(
    private readonly clients: ClientAuthentication,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FormEndpointRequest>();
    const form = formOf(request);
    const required = this.reflector.get<string[] | undefined>(
      REQUIRED_FIELDS,
      context.getHandler(),
    );
    for (const field of required ?? []) form.required(field);
    const { authorization } = request.headers;
    request.oauth2Client = {
      client: await this.clients.authenticate(authorization, form),
      basic: triesBasic(authorization),
    };
    return true;
  }
}

/** The request's form, read once. */
export function formOf(request: FormEndpointRequest): OAuth2Form {
  request.oauth2Form ??= oauth2Form(request.headers['content-type'], request.body, request.query);
  return request.oauth2Form;
}

export interface FormEndpointOptions {
  /** Fields checked before the client authenticates. */
  readonly required?: readonly string[];
  /** Guards that run before the client authenticates (a rate limit, the request's checks). */
  readonly before?: readonly Type<CanActivate>[];
  /** Guards that run once the client is known. */
  readonly after?: readonly Type<CanActivate>[];
}

/**
 * `POST /<path>` as an OAuth2 form endpoint (`/token`, `/revoke`, `/introspect`): public (the
 * client authenticates instead of a bearer token), a form-encoded body, 200 with
 * `Cache-Control: no-store` and `Pragma: no-cache`, errors in RFC 6749's shape, and the client
 * authenticated by `ClientAuthenticationGuard` (its outcome on the request: `oauth2Client`).
 */
export const FormEndpoint = (path: string, options: FormEndpointOptions = {}) =>
  applyDecorators(
    Public(),
    Post(path),
    HttpCode(200),
    Header('Cache-Control', 'no-store'),
    Header('Pragma', 'no-cache'),
    ClientErrorsAs(formRequestError),
    SetMetadata(REQUIRED_FIELDS, options.required ?? []),
    UseGuards(...(options.before ?? []), ClientAuthenticationGuard, ...(options.after ?? [])),
  );
