import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
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

/** Validation shared by the create and update bodies, so both accept the same values. */
export const PasswordField = () =>
  applyDecorators(
    IsString(),
    MinLength(8),
    MaxLength(1024),
    Matches(/^[^\0]*$/, { message: 'password must not contain NUL bytes' }),
  );

export const EmailField = () =>
  applyDecorators(
    ApiPropertyOptional({ type: String, nullable: true, format: 'email', maxLength: 254 }),
    IsOptional(),
    IsEmail(),
    MaxLength(254),
  );

export const FullNameField = () =>
  applyDecorators(
    ApiPropertyOptional({ type: String, nullable: true, maxLength: 128 }),
    IsOptional(),
    IsString(),
    MaxLength(128),
  );

export const ScopesField = () =>
  applyDecorators(
    ApiPropertyOptional({
      type: [String],
      description: 'Scopes the user may be granted; each must be in the catalog',
    }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(64),
    IsString({ each: true }),
    MaxLength(128, { each: true }),
  );

export const DisabledField = () =>
  applyDecorators(ApiPropertyOptional({ type: Boolean }), IsOptional(), IsBoolean());
