import { Construct } from 'constructs';
import { integerProblem } from '../core/checks';
import { refuse } from '../core/errors';
import { DaprComponent, DaprComponentOptions } from './dapr-component';
import { addRedisConnection, RedisConnectionOptions } from './redis-connection';

/** Props of a Redis configuration store. */
export interface RedisConfigurationStoreProps extends DaprComponentOptions, RedisConnectionOptions {
  /** `redisMaxRetries`. @default 3 */
  readonly redisMaxRetries?: number;
}

/**
 * A Redis configuration store (`configuration.redis`, v1) for the Configuration API: feature flags and
 * other non-secret settings. Subscriptions need `notify-keyspace-events` enabled on the Redis server.
 */
export class RedisConfigurationStore extends DaprComponent<'configuration.redis'> {
  public constructor(scope: Construct, id: string, props: RedisConfigurationStoreProps) {
    super(scope, id, { ...props, type: 'configuration.redis', version: 'v1' });
    addRedisConnection(this, props);
    const refused = refuse(this, integerProblem('redisMaxRetries', props.redisMaxRetries));
    this.addMetadataIfDefined('redisMaxRetries', refused ? undefined : props.redisMaxRetries);
  }
}
