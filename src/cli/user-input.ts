import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateUserDto } from '../users/dto/create-user.dto';
import { UpdateUserDto } from '../users/dto/update-user.dto';
import { CliError } from './password-input';

/**
 * Checks a command's input with the same DTOs, and so the same rules, as the HTTP API: the CLI
 * is another door to the same service, not a second set of rules.
 */
export function checkedNewUser(input: Record<string, unknown>): CreateUserDto {
  return checked(CreateUserDto, input);
}

export function checkedChanges(input: Record<string, unknown>): UpdateUserDto {
  return checked(UpdateUserDto, input);
}

/** The input, validated by the DTO `type` of the HTTP API; the first problem is a CliError. */
export function checked<T extends object>(type: new () => T, input: Record<string, unknown>): T {
  const value = plainToInstance(type, input);
  const [first] = validateSync(value, { whitelist: true, forbidNonWhitelisted: true });
  if (first) {
    const message = Object.values(first.constraints ?? {})[0] ?? `${first.property} is invalid`;
    throw new CliError(message);
  }
  return value;
}
