import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import {
  DisabledField,
  EmailField,
  FullNameField,
  PasswordField,
  ScopesField,
} from './user-fields';

/** Every field optional; `disabled: true` disables the account and its tokens at once. */
export class UpdateUserDto {
  @ApiPropertyOptional({ minLength: 8, maxLength: 1024, format: 'password' })
  @IsOptional()
  @PasswordField()
  password?: string;

  @EmailField()
  email?: string | null;

  @FullNameField()
  fullName?: string | null;

  @ScopesField()
  scopes?: string[];

  @DisabledField()
  disabled?: boolean;
}
