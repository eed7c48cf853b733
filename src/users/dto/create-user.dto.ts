import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { NoNulBytes } from '../../http/no-nul-bytes.validator';

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class CreateUserDto {
  @ApiProperty({ pattern: USERNAME_PATTERN.source, example: 'janedoe' })
  @Matches(USERNAME_PATTERN, {
    message:
      'username must be 1-64 letters, digits, dots, dashes or underscores, starting with a letter or digit',
  })
  username!: string;

  @ApiProperty({ minLength: 8, maxLength: 1024, format: 'password' })
  @IsString()
  @MinLength(8)
  @MaxLength(1024)
  @NoNulBytes()
  password!: string;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'email', maxLength: 254 })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  @NoNulBytes()
  email?: string | null;

  @ApiPropertyOptional({
    default: false,
    description: 'Whether the email address was checked (OpenID Connect email_verified)',
  })
  @IsOptional()
  @IsBoolean()
  emailVerified?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 128 })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  @NoNulBytes()
  fullName?: string | null;

  @ApiPropertyOptional({
    type: [String],
    description: 'Scopes the user may be granted; each must be in the catalog',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  @MaxLength(128, { each: true })
  scopes?: string[];

  @ApiPropertyOptional({
    description: 'A disabled user cannot log in and their tokens stop working',
  })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}
