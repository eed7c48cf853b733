import { OmitType, PartialType } from '@nestjs/swagger';
import { CreateUserDto } from './create-user.dto';

/** Every field but the username, all optional; `disabled: true` revokes the user's tokens. */
export class UpdateUserDto extends PartialType(OmitType(CreateUserDto, ['username'] as const)) {}
