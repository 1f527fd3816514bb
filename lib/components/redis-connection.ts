import { booleanProblem, enumProblem, integerProblem } from '../core/checks';
import { fieldError, FieldProblem } from '../core/errors';
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

/** Writes the connection fields in a fixed order. */
export function addRedisConnection(c: DaprComponent, o: RedisConnectionOptions): void {
  const problem = [
    enumProblem('redisType', o.redisType, 'RedisType', RedisType),
    integerProblem('redisDB', o.redisDB),
    booleanProblem('enableTLS', o.enableTLS),
    booleanProblem('failover', o.failover),
  ].find((p): p is FieldProblem => p !== undefined);
  if (problem) throw fieldError(c, problem);
  c.addMetadata('redisHost', o.redisHost);
  c.addSecretMetadataIfDefined('redisPassword', o.redisPassword);
  c.addMetadataIfDefined('redisUsername', o.redisUsername);
  c.addMetadataIfDefined('redisDB', o.redisDB);
  c.addMetadataIfDefined('enableTLS', o.enableTLS);
  c.addMetadataIfDefined('redisType', o.redisType);
  c.addMetadataIfDefined('failover', o.failover);
  c.addMetadataIfDefined('sentinelMasterName', o.sentinelMasterName);
  c.addSecretMetadataIfDefined('sentinelPassword', o.sentinelPassword);
}
