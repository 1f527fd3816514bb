/**
 * The Pulumi program of the reference Task API (Pulumi.yaml `main`). It builds the same chart as main.ts
 * (TaskApiChart, app/task-api.ts), with every declared secret delivered from this stack's encrypted config,
 * and registers it through the Pulumi renderer instead of writing YAML.
 *
 *   pulumi config set --secret redis-password.password   # and the other keys; see README
 *   pulumi preview && pulumi up
 *
 * The Kubernetes provider is the default one: your kubeconfig and its current context (set
 * `pulumi config set kubernetes:context <name>` to pick another).
 */
import { App } from 'cdk8s';
import { TaskApiChart } from '../app/task-api';
import { PulumiConfigDelivery, renderToPulumi } from '../lib/pulumi';

const delivery = new PulumiConfigDelivery();
const app = new App();
new TaskApiChart(app, 'task-api', { deliveryFor: () => delivery });

const rendering = renderToPulumi(app);

/** The config keys this stack reads secret values from (names only). */
export const configKeys = rendering.configKeys;
/** The Kubernetes objects the stack manages, as `<Kind> <namespace>/<name>`. */
export const objects = rendering.objects.map((o) => `${o.plan.kind} ${o.plan.name}`);
