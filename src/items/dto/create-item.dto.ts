import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { NoNulBytes } from '../../http/no-nul-bytes.validator';

export class CreateItemDto {
  @ApiProperty({ maxLength: 200, example: 'Foo' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @NoNulBytes()
  title!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @NoNulBytes()
  description?: string | null;
}
