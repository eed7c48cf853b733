import { Injectable, NotFoundException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { CONSENT_WITHDRAWN, type ConsentWithdrawn } from '../core/events';
import type { Page } from '../http/page-query.dto';
import { ConsentRecord } from './consent.entity';

/**
 * Users' grants to clients (the consent page's "Allow"): one row per user and client holding
 * every scope they allowed it. Withdrawing one is announced, so that the client's refresh
 * sessions of that user end too.
 */
@Injectable()
export class ConsentsService {
  constructor(
    @InjectRepository(ConsentRecord) private readonly consents: Repository<ConsentRecord>,
    private readonly events: EventEmitter2,
  ) {}

  /** Does the user's grant to this client cover every one of `scopes`? */
  async covers(userId: string, clientId: string, scopes: readonly string[]): Promise<boolean> {
    const grant = await this.consents.findOneBy({ userId, clientId });
    if (!grant) return false;
    const granted = new Set(grant.scope);
    return scopes.every((scope) => granted.has(scope));
  }

  /** Records that the user allowed these scopes to the client (added to any allowed before). */
  async allow(userId: string, clientId: string, scopes: readonly string[]): Promise<void> {
    const grant = await this.consents.findOneBy({ userId, clientId });
    const scope = [...new Set([...(grant?.scope ?? []), ...scopes])];
    await this.consents.upsert({ userId, clientId, scope }, ['userId', 'clientId']);
  }

  /** The user's grants, most recently changed first. */
  listForUser(userId: string, page: Page): Promise<ConsentRecord[]> {
    return this.consents.find({
      where: { userId },
      order: { updatedAt: 'DESC', clientId: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
  }

  /** Withdraws the user's grant to a client; none is 404. The client's sessions end too. */
  async withdraw(userId: string, clientId: string): Promise<void> {
    const { affected } = await this.consents.delete({ userId, clientId });
    if (!affected) throw new NotFoundException(`No grant to client ${clientId}`);
    await this.events.emitAsync(CONSENT_WITHDRAWN, {
      userId,
      clientId,
    } satisfies ConsentWithdrawn);
  }
}
