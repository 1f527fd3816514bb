// A user's program that passes an explicit provider rendering YAML to a directory (run by pulumi-host.js).
import * as k8s from '@pulumi/kubernetes';
import { App } from 'cdk8s';
import { TaskApiChart } from '../../../../app/task-api';
import { PulumiConfigDelivery, renderToPulumi } from '../../../../lib/pulumi';

const provider = new k8s.Provider('user-provider', { renderYamlToDirectory: 'rendered' });
const app = new App();
const delivery = new PulumiConfigDelivery();
new TaskApiChart(app, 'task-api', { deliveryFor: () => delivery });
renderToPulumi(app, { provider });
