import { ApiProperty } from '@nestjs/swagger';
import type { ProtocolErrorBody } from '@scopegate/resource-server';
import type { OAuth2ErrorCode } from './oauth2-error';

const OAUTH2_ERROR_CODES = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'invalid_scope',
  'unsupported_grant_type',
  'slow_down',
  'temporarily_unavailable',
] as const satisfies readonly OAuth2ErrorCode[];

// Fails to compile when OAuth2ErrorCode gains a code the document does not list.
type Unlisted = Exclude<OAuth2ErrorCode, (typeof OAUTH2_ERROR_CODES)[number]>;
const everyCodeListed: [Unlisted] extends [never] ? true : never = true;
void everyCodeListed;

/** An error of the OAuth2 form endpoints (RFC 6749 §5.2), as the OpenAPI document describes it. */
export class OAuth2ErrorDto implements ProtocolErrorBody {
  @ApiProperty({ enum: OAUTH2_ERROR_CODES, example: 'invalid_grant' })
  error!: OAuth2ErrorCode;

  @ApiProperty({ example: 'Incorrect username or password' })
  error_description!: string;
}
