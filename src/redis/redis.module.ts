import { Global, Module } from '@nestjs/common';
import { ChangeNotices } from './change-notices';
import { SharedState } from './shared-state';

/**
 * What several instances share (docs/operations.md, Running several instances): the Redis connection when `REDIS_URL` is set, and
 * the change notices. Global, so that every feature that keeps a cache can listen.
 */
@Global()
@Module({
  providers: [SharedState, ChangeNotices],
  exports: [SharedState, ChangeNotices],
})
export class RedisModule {}
