// A user's program whose own ComponentResource passes a provider rendering YAML to its children, and that
// renders the app under it (run by pulumi-host.js).
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { App } from 'cdk8s';
import { TaskApiChart } from '../../../../app/task-api';
import { PulumiConfigDelivery, renderToPulumi } from '../../../../lib/pulumi';

const render = new k8s.Provider('render', { renderYamlToDirectory: 'rendered' });
const platform = new pulumi.ComponentResource('acme:index:Platform', 'platform', {}, { providers: [render] });
const app = new App();
const delivery = new PulumiConfigDelivery();
new TaskApiChart(app, 'task-api', { deliveryFor: () => delivery });
renderToPulumi(app, { parent: platform });
