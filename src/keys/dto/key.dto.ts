import { ApiProperty } from '@nestjs/swagger';
import type { KeyState, KeySummary } from '../key-store';

/** A signing key as an operator sees it: never its private part. */
export class KeyDto {
  @ApiProperty({ description: 'The `kid` of the tokens it signs (RFC 7638 thumbprint)' })
  kid!: string;

  @ApiProperty({ enum: ['ES256', 'RS256'] })
  algorithm!: string;

  @ApiProperty({
    enum: ['published', 'signing', 'retiring', 'retired'],
    description:
      'published: in the JWKS, not signing yet; signing: signs new tokens; retiring: verifies the tokens it signed until they expire; retired: gone from the JWKS',
  })
  state!: KeyState;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', description: 'When it signs from' })
  activatesAt!: Date;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When it leaves the JWKS (set when a successor is created)',
  })
  retiresAt!: Date | null;

  static from(key: KeySummary): KeyDto {
    return Object.assign(new KeyDto(), key);
  }
}

/** The JWKS document (RFC 7517). */
export class JwksDto {
  @ApiProperty({
    description: 'Every published public key: kty, kid, alg, use and the public members',
    example: [
      {
        kty: 'EC',
        crv: 'P-256',
        x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
        y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
        kid: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs',
        alg: 'ES256',
        use: 'sig',
      },
    ],
    type: 'array',
    items: { type: 'object' },
  })
  keys!: object[];
}
