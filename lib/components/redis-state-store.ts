import { Construct } from 'constructs';
import { booleanProblem, integerProblem } from '../core/checks';
import { refuse } from '../core/errors';
import { DaprComponent, DaprComponentOptions } from './dapr-component';
import { addRedisConnection, RedisConnectionOptions } from './redis-connection';

/** Props of a Redis state store. */
export interface RedisStateStoreProps extends DaprComponentOptions, RedisConnectionOptions {
  /** `actorStateStore`: use this store for actor state. @default false */
  readonly actorStateStore?: boolean;
  /** `keyPrefix`: `appid`, `name`, `none` or a custom prefix. @default 'appid' */
  readonly keyPrefix?: string;
  /** `ttlInSeconds`: default time to live of every key. @default - keys do not expire */
  readonly ttlInSeconds?: number;
}

/** A Redis state store (`state.redis`, v1). `redisPassword` only takes a secret reference. */
export class RedisStateStore extends DaprComponent<'state.redis'> {
  public constructor(scope: Construct, id: string, props: RedisStateStoreProps) {
    super(scope, id, { ...props, type: 'state.redis', version: 'v1' });
    addRedisConnection(this, props);
    const actorStateStore = booleanProblem('actorStateStore', props.actorStateStore);
    const ttlInSeconds = integerProblem('ttlInSeconds', props.ttlInSeconds, -1);
    refuse(this, actorStateStore, ttlInSeconds);
    this.addMetadataIfDefined('actorStateStore', actorStateStore ? undefined : props.actorStateStore);
    this.addMetadataIfDefined('keyPrefix', props.keyPrefix);
    this.addMetadataIfDefined('ttlInSeconds', ttlInSeconds ? undefined : props.ttlInSeconds);
  }
}
