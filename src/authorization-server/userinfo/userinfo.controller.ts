import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, FormBearerToken, Scopes } from '@scopegate/resource-server';
import type { Principal } from '../../core/principal';
import type { User } from '../../users/user.entity';
import { OPENID_SCOPE } from '../common/openid.scopes';

/** The UserInfo response (OIDC Core §5.3.2): `sub`, and the claims of the granted scopes. */
export class UserInfoDto {
  @ApiProperty({ description: "The user's id: the ID token's and the access token's sub" })
  sub!: string;

  @ApiPropertyOptional({ description: 'scope profile: the full name, when the user has one' })
  name?: string;

  @ApiPropertyOptional({ description: 'scope profile: the username', example: 'johndoe' })
  preferred_username?: string;

  @ApiPropertyOptional({ description: 'scope profile: last change of the account, in seconds' })
  updated_at?: number;

  @ApiPropertyOptional({ description: 'scope email: the address, when the user has one' })
  email?: string;

  @ApiPropertyOptional({ description: 'scope email: whether an administrator checked it' })
  email_verified?: boolean;
}

/**
 * OpenID Connect's UserInfo endpoint (OIDC Core §5.3): who the access token's user is, by the
 * scopes it grants (`openid` required; `profile` and `email` add their claims, those the user
 * has none of left out). A protected route like any other: RFC 6750 errors, and CORS for the
 * configured origins. `POST` may send the token as `access_token` in a form instead.
 */
@ApiTags('auth')
@Scopes(OPENID_SCOPE)
@Controller('userinfo')
export class UserInfoController {
  @Get()
  @ApiOperation({ summary: 'Who the access token speaks for (OpenID Connect UserInfo)' })
  @ApiOkResponse({ description: 'The claims of the granted scopes', type: UserInfoDto })
  read(@CurrentPrincipal() principal: Principal): UserInfoDto {
    return claimsOf(principal);
  }

  @Post()
  @HttpCode(200)
  @FormBearerToken()
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({
    summary: 'UserInfo, the token in the header or as access_token in the form (not both)',
  })
  @ApiOkResponse({ description: 'The claims of the granted scopes', type: UserInfoDto })
  readByPost(@CurrentPrincipal() principal: Principal): UserInfoDto {
    return claimsOf(principal);
  }
}

function claimsOf(principal: Principal): UserInfoDto {
  // openid is required above, and no client's own token holds it: this is a user.
  if (principal.kind !== 'user') throw new Error('UserInfo reached without a user');
  const user = principal.user as User;
  const scopes = principal.effectiveScopes;
  const claims: UserInfoDto = { sub: user.id };
  if (scopes.has('profile')) {
    if (user.fullName) claims.name = user.fullName;
    claims.preferred_username = user.username;
    claims.updated_at = Math.floor(user.updatedAt.getTime() / 1000);
  }
  if (scopes.has('email') && user.email) {
    claims.email = user.email;
    claims.email_verified = user.emailVerified;
  }
  return claims;
}
