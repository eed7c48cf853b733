import { ApiProperty } from '@nestjs/swagger';
import type { BrowserSessionRecord } from '../browser-session.entity';
import type { SessionRecord } from '../session.entity';

export const SESSION_KINDS = ['refresh', 'browser'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/**
 * One of the caller's sessions, never a token: a `refresh` session is one login of an
 * application (its refresh tokens); a `browser` session is the caller signed in to Scopegate's
 * own login page, which lets `/authorize` skip that page.
 */
export class SessionDto {
  @ApiProperty({ format: 'uuid', description: 'Pass it to DELETE /users/me/sessions/{id}' })
  id!: string;

  @ApiProperty({
    enum: SESSION_KINDS,
    description:
      'refresh: an application holds refresh tokens from this login; browser: signed in to the login page',
  })
  kind!: SessionKind;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'first-party',
    description: 'The client a refresh session was opened with (null for a browser session)',
  })
  clientId!: string | null;

  @ApiProperty({
    example: 'me items',
    description: 'Scopes granted at login, space-separated (empty for a browser session)',
  })
  scope!: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'The login' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', description: 'The last refresh or page' })
  lastUsedAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', description: 'It ends at this time if unused' })
  expiresAt!: Date;

  static from(session: SessionRecord): SessionDto {
    const { id, clientId, scope, createdAt, lastUsedAt, expiresAt } = session;
    return Object.assign(new SessionDto(), {
      id,
      kind: 'refresh',
      clientId,
      scope: scope.join(' '),
      createdAt,
      lastUsedAt,
      expiresAt,
    });
  }

  static fromBrowser(session: BrowserSessionRecord, endsAt: Date): SessionDto {
    return Object.assign(new SessionDto(), {
      id: session.id,
      kind: 'browser',
      clientId: null,
      scope: '',
      createdAt: session.createdAt,
      lastUsedAt: session.lastSeenAt,
      expiresAt: endsAt,
    });
  }
}
