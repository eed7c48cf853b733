import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { NoNulBytes } from '../../http/no-nul-bytes.validator';

/** Validation shared by the create and update bodies, so both accept the same values. */
export const PasswordField = () =>
  applyDecorators(IsString(), MinLength(8), MaxLength(1024), NoNulBytes());

export const EmailField = () =>
  applyDecorators(
    ApiPropertyOptional({ type: String, nullable: true, format: 'email', maxLength: 254 }),
    IsOptional(),
    IsEmail(),
    MaxLength(254),
    NoNulBytes(),
  );

export const FullNameField = () =>
  applyDecorators(
    ApiPropertyOptional({ type: String, nullable: true, maxLength: 128 }),
    IsOptional(),
    IsString(),
    MaxLength(128),
    NoNulBytes(),
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
