import { Construct } from 'constructs';
import type { IDaprComponent } from '../components/dapr-component';
import type { DeclaredSecret } from '../secrets/declared-secret';
import { AppProtocol } from './dapr-annotations';
import { DaprApp, DaprAppProps } from './dapr-app';

/** Props of the Task API preset. */
export interface TaskApiDeploymentProps extends Omit<DaprAppProps, 'appId' | 'image' | 'appPort'> {
  /** `dapr.io/app-id`. @default 'task-api' */
  readonly appId?: string;
  /** The Task API image. @default 'task-api:1.0.0' */
  readonly image?: string;
  /** The port FastAPI listens on. @default 8000 */
  readonly appPort?: number;
  /** The state store for tasks. */
  readonly stateStore: IDaprComponent;
  /** The pub/sub for task events. @default - none */
  readonly pubSub?: IDaprComponent;
  /** The configuration store for feature flags and limits. @default - none */
  readonly configurationStore?: IDaprComponent;
  /** The notification service's API key, read through the Secrets API at startup. */
  readonly notificationSecret: DeclaredSecret;
}

/** The lesson's Task API: a FastAPI app on port 8000 that loads its state store, pub/sub and notification key through Dapr. */
export class TaskApiDeployment extends DaprApp {
  public constructor(scope: Construct, id: string, props: TaskApiDeploymentProps) {
    const { stateStore, pubSub, configurationStore, notificationSecret, ...rest } = props;
    super(scope, id, {
      ...rest,
      appId: props.appId ?? 'task-api',
      image: props.image ?? 'task-api:1.0.0',
      appPort: props.appPort ?? 8000,
      appProtocol: props.appProtocol ?? AppProtocol.HTTP,
      components: [stateStore, ...(pubSub ? [pubSub] : []), ...(configurationStore ? [configurationStore] : []), ...(props.components ?? [])],
      secretReads: [notificationSecret, ...(props.secretReads ?? [])],
    });
  }
}
