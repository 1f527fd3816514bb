import { App } from 'cdk8s';
import { defineStages, ImageReference, imageName, ISecretDelivery, LogLevel, SecretDelivery, StageSet } from '../lib';
import { SEALED_FILE, SEALING_CERT, TaskApiChart } from './task-api';

/** The reference app's declared secrets. */
export type TaskApiSecret = 'api-credentials' | 'redis-password' | 'notification-api' | 'kafka-credentials';

/** How a stage delivers one secret: `create-secrets.sh` run by a person, or a SealedSecret from `secrets/sealed.json`. */
export type TaskApiDelivery = 'out-of-band' | 'sealed';

/** Everything that differs between the reference app's stages. */
export interface TaskApiStageSettings {
  /** The stage name, the folder under dist/. */
  readonly name: string;
  /** Refuse development-only stores and settings. */
  readonly production: boolean;
  readonly namespace: string;
  /** Task API pod replicas. */
  readonly replicas: number;
  readonly image: ImageReference;
  /** Redis `host:port`. */
  readonly redisHost: string;
  readonly kafkaBrokers: readonly string[];
  /** The sidecar's log level. */
  readonly logLevel: LogLevel;
  /** The delivery of each secret. */
  readonly delivery: { readonly [S in TaskApiSecret]: TaskApiDelivery };
}

/** Development: out-of-band secrets (`create-secrets.sh`), one replica, debug logs. */
export const DEV: TaskApiStageSettings = {
  name: 'dev',
  production: false,
  namespace: 'task-api-dev',
  replicas: 1,
  image: { repository: 'task-api', tag: '1.0.0' },
  redisHost: 'redis-master.task-api-dev.svc.cluster.local:6379',
  kafkaBrokers: ['kafka-cluster.kafka.svc.cluster.local:9092'],
  logLevel: LogLevel.DEBUG,
  delivery: { 'api-credentials': 'out-of-band', 'redis-password': 'out-of-band', 'notification-api': 'out-of-band', 'kafka-credentials': 'out-of-band' },
};

/**
 * Production: every secret sealed, two replicas, info logs. It stays in namespace `default` because the
 * committed example ciphertext in secrets/sealed.json is sealed for `default/<name>` (strict scope); to
 * move it, change `namespace` and seal every key again for the new namespace (secrets/README.md).
 */
export const PROD: TaskApiStageSettings = {
  name: 'prod',
  production: true,
  namespace: 'default',
  replicas: 2,
  image: { repository: 'task-api', tag: '1.0.0' },
  redisHost: 'redis-master.default.svc.cluster.local:6379',
  kafkaBrokers: ['kafka-cluster.kafka.svc.cluster.local:9092'],
  logLevel: LogLevel.INFO,
  delivery: { 'api-credentials': 'sealed', 'redis-password': 'sealed', 'notification-api': 'sealed', 'kafka-credentials': 'sealed' },
};

/** Options of `buildTaskApiStage`. */
export interface BuildStageOptions {
  /** Overrides the settings' delivery for every secret (the Pulumi program passes its config delivery). @default - the settings' delivery */
  readonly deliveryFor?: (secretName: string) => ISecretDelivery | undefined;
}

/** The reference app of one stage, as a cdk8s App. */
export function buildTaskApiStage(settings: TaskApiStageSettings, options: BuildStageOptions = {}): App {
  const app = new App();
  const sealed = SecretDelivery.sealed({ sealedFile: SEALED_FILE, certificate: SEALING_CERT });
  const byKind = (name: string): ISecretDelivery | undefined => {
    const choice = settings.delivery[name as TaskApiSecret];
    return choice === 'sealed' ? sealed : undefined; // undefined: the default, out-of-band
  };
  new TaskApiChart(app, 'task-api', {
    namespace: settings.namespace,
    deliveryFor: options.deliveryFor ?? byKind,
    replicas: settings.replicas,
    image: imageName(settings.image),
    redisHost: settings.redisHost,
    kafkaBrokers: [...settings.kafkaBrokers],
    logLevel: settings.logLevel,
  });
  return app;
}

/** The stages `npm run synth` writes: `dist/dev/` and `dist/prod/`. The CLI finds them through package.json. */
export function taskApiStages(): StageSet {
  return defineStages(...[DEV, PROD].map((s) => ({
    name: s.name,
    namespace: s.namespace,
    production: s.production,
    build: () => buildTaskApiStage(s),
  })));
}
