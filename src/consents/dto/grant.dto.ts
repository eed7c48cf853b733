import { ApiProperty } from '@nestjs/swagger';
import type { ConsentRecord } from '../consent.entity';

/** A grant: the scopes the caller allowed a client on the consent page. */
export class GrantDto {
  @ApiProperty({
    example: 'demo-spa',
    description: 'Pass it to DELETE /users/me/grants/{clientId}',
  })
  clientId!: string;

  @ApiProperty({ example: 'me items', description: 'The scopes allowed, space-separated' })
  scope!: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'First allowed' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', description: 'Last changed' })
  updatedAt!: Date;

  static from(grant: ConsentRecord): GrantDto {
    return Object.assign(new GrantDto(), {
      clientId: grant.clientId,
      scope: grant.scope.join(' '),
      createdAt: grant.createdAt,
      updatedAt: grant.updatedAt,
    });
  }
}
