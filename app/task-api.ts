import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import {
  DeclaredSecret, KafkaAuth, KafkaPubSub, KubernetesSecretStore, RedisConfigurationStore, RedisStateStore, TaskApiDeployment,
} from '../lib';

/** Options of the reference scenario. */
export interface TaskApiChartProps extends ChartProps {}

/**
 * The lesson's Task API on Kubernetes: four declared secrets, the `kubernetes-secrets` store, a Redis state
 * store and configuration store, a Kafka pub/sub, and the Task API app that reads `notification-api` and
 * `api-credentials` through the Secrets API. Shared by the cdk8s program (main.ts) and the Pulumi program.
 */
export class TaskApiChart extends Chart {
  public readonly store: KubernetesSecretStore;
  public readonly taskApi: TaskApiDeployment;

  public constructor(scope: Construct, id = 'task-api', props: TaskApiChartProps = {}) {
    super(scope, id, { namespace: 'default', ...props });

    this.store = new KubernetesSecretStore(this, 'kubernetes-secrets');
    const store = this.store;

    const apiCredentials = new DeclaredSecret(this, 'api-credentials', { store, keys: ['api-key', 'api-secret'] });
    const redisPassword = new DeclaredSecret(this, 'redis-password', { store, keys: ['password'] });
    const notificationApi = new DeclaredSecret(this, 'notification-api', { store, keys: ['api-key'] });
    const kafkaCredentials = new DeclaredSecret(this, 'kafka-credentials', { store, keys: ['username', 'password'] });

    const redisHost = 'redis-master.default.svc.cluster.local:6379';
    const stateStore = new RedisStateStore(this, 'statestore', {
      redisHost,
      redisPassword: redisPassword.keyRef('password'),
    });
    const pubSub = new KafkaPubSub(this, 'kafka-pubsub', {
      brokers: ['kafka-cluster.kafka.svc.cluster.local:9092'],
      auth: KafkaAuth.password({
        usernameRef: kafkaCredentials.keyRef('username'),
        password: kafkaCredentials.keyRef('password'),
      }),
    });
    const configurationStore = new RedisConfigurationStore(this, 'configstore', {
      redisHost,
      redisPassword: redisPassword.keyRef('password'),
    });

    this.taskApi = new TaskApiDeployment(this, 'task-api', {
      stateStore,
      pubSub,
      configurationStore,
      notificationSecret: notificationApi,
    });
    // The external-service key of the lesson's /config endpoint.
    apiCredentials.grantRead(this.taskApi);
  }
}

/** A cdk8s App holding the reference scenario. */
export function buildTaskApiApp(): App {
  const app = new App();
  new TaskApiChart(app);
  return app;
}
