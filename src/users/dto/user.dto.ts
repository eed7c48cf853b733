import { ApiProperty } from '@nestjs/swagger';
import type { User } from '../user.entity';

/** A user as the API shows it: never the password hash. */
export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'johndoe' })
  username!: string;

  @ApiProperty({ type: String, nullable: true, example: 'johndoe@example.com' })
  email!: string | null;

  @ApiProperty({ description: 'Whether the email address was checked' })
  emailVerified!: boolean;

  @ApiProperty({ type: String, nullable: true, example: 'John Doe' })
  fullName!: string | null;

  @ApiProperty()
  disabled!: boolean;

  @ApiProperty({
    type: [String],
    description: 'Scopes this user may be granted',
    example: ['me', 'items'],
  })
  scopes!: string[];

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', description: 'The last change' })
  updatedAt!: Date;

  static from(user: User): UserDto {
    const { id, username, email, fullName, disabled, scopes, createdAt } = user;
    return Object.assign(new UserDto(), {
      id,
      username,
      email,
      emailVerified: user.emailVerified,
      fullName,
      disabled,
      scopes,
      createdAt,
      updatedAt: user.updatedAt,
    });
  }
}
