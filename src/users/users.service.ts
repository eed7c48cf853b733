import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { ScopeCatalog } from '@scopegate/resource-server';
import { isUniqueViolation } from '../database/columns';
import { USER_CHANGED, type UserChanged } from '../core/events';
import type { Page } from '../http/page-query.dto';
import { USERNAME_PATTERN } from './dto/create-user.dto';
import { PasswordHasher } from '../credentials/password-hasher';
import { UserCache } from './user-cache';
import { User } from './user.entity';

export interface NewUser {
  username: string;
  password: string;
  email?: string | null;
  emailVerified?: boolean;
  fullName?: string | null;
  scopes?: string[];
  disabled?: boolean;
}

export type UserChanges = Partial<Omit<NewUser, 'username'>>;

/** Accounts: lookup, creation and administration, and the password check of the token endpoint. */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly hasher: PasswordHasher,
    private readonly catalog: ScopeCatalog,
    private readonly cache: UserCache,
    private readonly events: EventEmitter2,
  ) {}

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  /**
   * Case-insensitive, like the unique index. A string that cannot be a username (too long, NUL
   * bytes, SQL, odd Unicode…) is not looked up at all: no such user can exist.
   */
  async findByUsername(username: string): Promise<User | null> {
    if (!USERNAME_PATTERN.test(username)) return null;
    return this.users
      .createQueryBuilder('user')
      .where('lower(user.username) = :username', { username: username.toLowerCase() })
      .getOne();
  }

  async getById(id: string): Promise<User> {
    const user = await this.findById(id);
    if (!user) throw new NotFoundException(`No user with id ${id}`);
    return user;
  }

  list(page: Page): Promise<User[]> {
    return this.users.find({
      order: { createdAt: 'ASC', username: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
  }

  count(): Promise<number> {
    return this.users.count();
  }

  /**
   * Returns the user when the password is right and the account enabled, otherwise null.
   * Every path costs one argon2 verification, so the answer's timing reveals nothing.
   */
  async authenticate(username: string, password: string): Promise<User | null> {
    const user = await this.findByUsername(username);
    if (!user) {
      await this.hasher.verifyNothing(password);
      return null;
    }
    const check = await this.hasher.verify(user.passwordHash, password);
    if (!check.valid || user.disabled) return null;
    if (check.needsRehash) {
      user.passwordHash = await this.hasher.hash(password);
      await this.users.update({ id: user.id }, { passwordHash: user.passwordHash });
      await this.cache.changed(user.id);
    }
    return user;
  }

  /**
   * Refuses a login without looking at the account, at the cost of a real check (one argon2
   * verification; the lookup it skips costs little beside it), so a refusal for another reason
   * (a locked account) cannot be told from a wrong password by its timing.
   */
  async refuseWithoutChecking(password: string): Promise<void> {
    await this.hasher.verifyNothing(password);
  }

  async create(input: NewUser): Promise<User> {
    this.assertKnownScopes(input.scopes ?? []);
    if (await this.findByUsername(input.username)) throw usernameTaken(input.username);
    const user = this.users.create({
      id: randomUUID(),
      username: input.username,
      email: input.email ?? null,
      emailVerified: input.emailVerified ?? false,
      fullName: input.fullName ?? null,
      passwordHash: await this.hasher.hash(input.password),
      disabled: input.disabled ?? false,
      scopes: [...new Set(input.scopes ?? [])],
    });
    try {
      return await this.users.save(user);
    } catch (error) {
      // Two concurrent creations: the unique index decides, the loser gets a 409.
      if (isUniqueViolation(error)) throw usernameTaken(input.username);
      throw error;
    }
  }

  /**
   * Changes an account. Disabling it or changing its password is announced (`USER_CHANGED`),
   * and the answer waits until its sessions are ended.
   */
  async update(id: string, changes: UserChanges): Promise<User> {
    const user = await this.getById(id);
    const wasDisabled = user.disabled;
    if (changes.scopes !== undefined) {
      this.assertKnownScopes(changes.scopes);
      user.scopes = [...new Set(changes.scopes)];
    }
    if (changes.email !== undefined && changes.email !== user.email) {
      // A new address is not checked until someone says so.
      user.email = changes.email;
      user.emailVerified = false;
    }
    if (changes.emailVerified !== undefined) user.emailVerified = changes.emailVerified;
    if (changes.fullName !== undefined) user.fullName = changes.fullName;
    if (changes.disabled !== undefined) user.disabled = changes.disabled;
    if (changes.password !== undefined) {
      user.passwordHash = await this.hasher.hash(changes.password);
      user.passwordChangedAt = new Date(Date.now());
    }
    // Forgotten once the write is done (or failed): an entry read while it was under way
    // goes too, so the next request sees the new row.
    try {
      await this.users.save(user);
    } finally {
      await this.cache.changed(id);
    }
    const change: UserChanged = {
      userId: id,
      disabled: user.disabled && !wasDisabled,
      passwordChanged: changes.password !== undefined,
    };
    if (change.disabled || change.passwordChanged)
      await this.events.emitAsync(USER_CHANGED, change);
    return user;
  }

  private assertKnownScopes(scopes: readonly string[]): void {
    const unknown = scopes.filter((scope) => !this.catalog.has(scope));
    if (unknown.length > 0) {
      throw new BadRequestException(`Unknown scope(s): ${unknown.join(', ')}`);
    }
  }
}

function usernameTaken(username: string): ConflictException {
  return new ConflictException(`Username "${username}" is already taken`);
}
