import { ApiProperty } from '@nestjs/swagger';
import type { SessionRecord } from '../session.entity';

/** One of the caller's sessions: what they logged in with and when, never a token. */
export class SessionDto {
  @ApiProperty({ format: 'uuid', description: 'Pass it to DELETE /users/me/sessions/{id}' })
  id!: string;

  @ApiProperty({ example: 'first-party', description: 'The client the session was opened with' })
  clientId!: string;

  @ApiProperty({ example: 'me items', description: 'Scopes granted at login, space-separated' })
  scope!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', description: 'The last refresh' })
  lastUsedAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', description: 'No refresh after this' })
  expiresAt!: Date;

  static from(session: SessionRecord): SessionDto {
    const { id, clientId, scope, createdAt, lastUsedAt, expiresAt } = session;
    return Object.assign(new SessionDto(), {
      id,
      clientId,
      scope: scope.join(' '),
      createdAt,
      lastUsedAt,
      expiresAt,
    });
  }
}
