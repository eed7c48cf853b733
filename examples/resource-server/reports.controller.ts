import { Controller, ForbiddenException, Get, Req, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Caller } from './jwt.strategy';

/** One protected route: it needs a Scopegate token carrying `items:read`. */
@Controller('reports')
@UseGuards(AuthGuard('scopegate'))
export class ReportsController {
  @Get()
  list(@Req() request: { user: Caller }): { subject: string; reports: string[] } {
    const { user } = request;
    if (!user.scopes.includes('items:read')) {
      throw new ForbiddenException('items:read is required');
    }
    return { subject: user.subject, reports: ['weekly', 'monthly'] };
  }
}
