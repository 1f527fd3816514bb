import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AccessAction, DeclaredSecret, HttpEndpoint, ISecretDelivery, SecretDelivery, KafkaAuth, KafkaPubSub, KubernetesSecretStore, LogLevel, RedisConfigurationStore, RedisStateStore, TaskApiDeployment,
} from '../lib';

/** Options of the reference scenario. */
export interface TaskApiChartProps extends ChartProps {
  /**
   * The delivery of each declared secret, by secret name.
   * @default - out-of-band (`create-secrets.sh`) for every secret
   */
  readonly deliveryFor?: (secretName: string) => ISecretDelivery | undefined;
  /** Task API pod replicas. @default 1 */
  readonly replicas?: number;
  /** The Task API image. @default 'task-api:1.0.0' */
  readonly image?: string;
  /** Redis `host:port` of the state and configuration stores. @default 'redis-master.default.svc.cluster.local:6379' */
  readonly redisHost?: string;
  /** Kafka brokers of the pub/sub. @default ['kafka-cluster.kafka.svc.cluster.local:9092'] */
  readonly kafkaBrokers?: string[];
  /** The sidecar's `dapr.io/log-level`. @default - daprd's default, info */
  readonly logLevel?: LogLevel;
}

/**
 * The lesson's Task API on Kubernetes: four declared secrets, the `kubernetes-secrets` store, a Redis state
 * store and configuration store, a Kafka pub/sub, and the Task API app that reads `notification-api` and
 * `api-credentials` through the Secrets API. Shared by the cdk8s program (main.ts) and the Pulumi program.
 */
export class TaskApiChart extends Chart {
  public readonly store: KubernetesSecretStore;
  public readonly taskApi: TaskApiDeployment;

  public constructor(scope: Construct, id = 'task-api', props: TaskApiChartProps = {}) {
    const { deliveryFor: _deliveryFor, replicas, image, redisHost: redisHostProp, kafkaBrokers, logLevel, ...chartProps } = props;
    super(scope, id, { namespace: 'default', ...chartProps });

    this.store = new KubernetesSecretStore(this, 'kubernetes-secrets');
    const store = this.store;

    const declare = (name: string, keys: string[]) => new DeclaredSecret(this, name, { store, keys, delivery: props.deliveryFor?.(name) });
    const apiCredentials = declare('api-credentials', ['api-key', 'api-secret']);
    const redisPassword = declare('redis-password', ['password']);
    const notificationApi = declare('notification-api', ['api-key']);
    const kafkaCredentials = declare('kafka-credentials', ['username', 'password']);

    const redisHost = redisHostProp ?? 'redis-master.default.svc.cluster.local:6379';
    const stateStore = new RedisStateStore(this, 'statestore', {
      redisHost,
      redisPassword: redisPassword.keyRef('password'),
    });
    const pubSub = new KafkaPubSub(this, 'kafka-pubsub', {
      brokers: kafkaBrokers ?? ['kafka-cluster.kafka.svc.cluster.local:9092'],
      auth: KafkaAuth.password({
        usernameRef: kafkaCredentials.keyRef('username'),
        password: kafkaCredentials.keyRef('password'),
      }),
    });
    const configurationStore = new RedisConfigurationStore(this, 'configstore', {
      redisHost,
      redisPassword: redisPassword.keyRef('password'),
    });

    // The external notification service, called through Dapr service invocation; daprd adds the key.
    const notificationService = new HttpEndpoint(this, 'notification-service', {
      baseUrl: 'https://notifications.example.com',
      headers: { 'X-API-Key': notificationApi.keyRef('api-key') },
    });

    this.taskApi = new TaskApiDeployment(this, 'task-api', {
      stateStore,
      pubSub,
      configurationStore,
      notificationSecret: notificationApi,
      replicas,
      image,
      logLevel,
      components: [notificationService],
      // No Dapr app calls the Task API (clients reach its port through the Service), so every service
      // invocation of it is refused; the NetworkPolicy admits only Dapr sidecars, on daprd's port.
      accessControl: { defaultAction: AccessAction.DENY },
    });
    // The external-service key of the lesson's /config endpoint.
    apiCredentials.grantRead(this.taskApi);
  }
}

/** A cdk8s App holding the reference scenario, with the lesson's out-of-band secret delivery. */
export function buildTaskApiApp(): App {
  const app = new App();
  new TaskApiChart(app);
  return app;
}

/** Committed ciphertext and the certificate it was sealed with (an example: its private key was discarded). */
export const SEALED_FILE = 'secrets/sealed.json';
export const SEALING_CERT = 'secrets/sealing-cert.pem';

/** The same scenario with every secret delivered as a Sealed Secret from `secrets/sealed.json`. */
export function buildTaskApiSealedApp(): App {
  const app = new App();
  const delivery = SecretDelivery.sealed({ sealedFile: SEALED_FILE, certificate: SEALING_CERT });
  new TaskApiChart(app, 'task-api', { deliveryFor: () => delivery });
  return app;
}
