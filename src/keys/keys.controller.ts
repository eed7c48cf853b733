import { Controller, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public, Scopes } from '@scopegate/resource-server';
import { keysConfig, type KeysConfig } from '../config/keys.config';
import { JwksDto, KeyDto } from './dto/key.dto';
import { KeyStore } from './key-store';

/** Verifiers cache the JWKS for at most this long, and never longer than the publish-ahead. */
const JWKS_MAX_AGE_SECONDS = 300;

/** The published keys (JWKS) and their administration. */
@ApiTags('keys')
@Controller()
export class KeysController {
  private readonly jwksCacheControl: string;

  constructor(
    private readonly keys: KeyStore,
    @Inject(keysConfig.KEY) config: KeysConfig,
  ) {
    // A verifier that cached the JWKS just before a rotation sees the new key before it signs.
    const maxAge = Math.min(JWKS_MAX_AGE_SECONDS, config.publishAheadSeconds);
    this.jwksCacheControl = `public, max-age=${maxAge}`;
  }

  /** Every public key that verifies Scopegate's tokens (RFC 7517). */
  @Public()
  @Get('.well-known/jwks.json')
  @ApiOperation({ summary: 'The public keys that verify access tokens (JWKS)' })
  @ApiOkResponse({ description: 'The JWKS', type: JwksDto })
  jwks(@Res({ passthrough: true }) reply: FastifyReply): string {
    void reply.header('cache-control', this.jwksCacheControl);
    void reply.type('application/json; charset=utf-8');
    return this.keys.jwks();
  }

  /** The signing keys and their states. */
  @Get('keys')
  @Scopes('keys:read')
  @ApiOperation({ summary: 'List the signing keys and their states' })
  @ApiOkResponse({ description: 'The keys, oldest first', type: [KeyDto] })
  async list(): Promise<KeyDto[]> {
    return (await this.keys.list()).map((key) => KeyDto.from(key));
  }

  /**
   * Publishes a new key per algorithm (ES256 and RS256); they sign after KEY_PUBLISH_AHEAD,
   * and the older ones retire.
   */
  @Post('keys/rotate')
  @HttpCode(201)
  @Scopes('keys:write')
  @ApiOperation({
    summary: 'Rotate the signing keys',
    description:
      'Publishes a new key per algorithm (ES256, RS256) at once; each signs after KEY_PUBLISH_AHEAD seconds. The older keys stay published until the last token they signed has expired, then retire.',
  })
  @ApiCreatedResponse({ description: 'The new keys, one per algorithm', type: [KeyDto] })
  async rotate(): Promise<KeyDto[]> {
    return (await this.keys.rotate()).map((key) => KeyDto.from(key));
  }
}
