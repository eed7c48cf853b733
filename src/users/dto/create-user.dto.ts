import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import {
  DisabledField,
  EmailField,
  FullNameField,
  PasswordField,
  ScopesField,
} from './user-fields';

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class CreateUserDto {
  @ApiProperty({ pattern: USERNAME_PATTERN.source, example: 'janedoe' })
  @Matches(USERNAME_PATTERN, {
    message:
      'username must be 1-64 letters, digits, dots, dashes or underscores, starting with a letter or digit',
  })
  username!: string;

  @ApiProperty({ minLength: 8, maxLength: 1024, format: 'password' })
  @PasswordField()
  password!: string;

  @EmailField()
  email?: string | null;

  @FullNameField()
  fullName?: string | null;

  @ScopesField()
  scopes?: string[];

  @DisabledField()
  disabled?: boolean;
}
