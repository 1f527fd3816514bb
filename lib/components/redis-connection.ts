import { booleanProblem, enumProblem, integerProblem } from '../core/checks';
import { refuse } from '../core/errors';
import { SecretKeyRef } from '../secrets/secret-key-ref';
import type { DaprComponent } from './dapr-component';

/** `redisType`: a single node or a Redis Cluster. */
export enum RedisType {
  NODE = 'node',
  CLUSTER = 'cluster',
}

/** How Dapr reaches a Redis server; shared by the state and configuration stores. */
export interface RedisConnectionOptions {
  /** `redisHost`: `host:port`, such as `redis-master.default.svc.cluster.local:6379`. */
  readonly redisHost: string;
  /** `redisPassword`, only ever from a secret. @default - no password */
  readonly redisPassword?: SecretKeyRef;
  /** `redisUsername` for Redis 6 ACLs. @default - no username */
  readonly redisUsername?: string;
  /** `redisDB`: database number. @default - Redis' default, 0 */
  readonly redisDB?: number;
  /** `enableTLS`. @default false */
  readonly enableTLS?: boolean;
  /** `redisType`. @default RedisType.NODE */
  readonly redisType?: RedisType;
  /** `failover`: connect through Sentinel. @default false */
  readonly failover?: boolean;
  /** `sentinelMasterName`, with `failover`. @default - none */
  readonly sentinelMasterName?: string;
  /** `sentinelPassword`, only ever from a secret. @default - no Sentinel password */
  readonly sentinelPassword?: SecretKeyRef;
}

/** Writes the connection fields in a fixed order; a refused field is left out (see `refuse`). */
export function addRedisConnection(c: DaprComponent, o: RedisConnectionOptions): void {
  const problems = {
    redisType: enumProblem('redisType', o.redisType, 'RedisType', RedisType),
    redisDB: integerProblem('redisDB', o.redisDB),
    enableTLS: booleanProblem('enableTLS', o.enableTLS),
    failover: booleanProblem('failover', o.failover),
  };
  refuse(c, ...Object.values(problems));
  const valid = <V>(field: keyof typeof problems, value: V): V | undefined => (problems[field] ? undefined : value);
  c.addMetadata('redisHost', o.redisHost);
  c.addSecretMetadataIfDefined('redisPassword', o.redisPassword);
  c.addMetadataIfDefined('redisUsername', o.redisUsername);
  c.addMetadataIfDefined('redisDB', valid('redisDB', o.redisDB));
  c.addMetadataIfDefined('enableTLS', valid('enableTLS', o.enableTLS));
  c.addMetadataIfDefined('redisType', valid('redisType', o.redisType));
  c.addMetadataIfDefined('failover', valid('failover', o.failover));
  c.addMetadataIfDefined('sentinelMasterName', o.sentinelMasterName);
  c.addSecretMetadataIfDefined('sentinelPassword', o.sentinelPassword);
}
