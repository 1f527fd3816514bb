// A user's program with a stack transformation that gives every Kubernetes resource a provider rendering YAML
// (run by pulumi-host.js under the host, which creates the Stack resource transformations hang off).
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { App } from 'cdk8s';
import { TaskApiChart } from '../../../../app/task-api';
import { PulumiConfigDelivery, renderToPulumi } from '../../../../lib/pulumi';

const render = new k8s.Provider('render', { renderYamlToDirectory: 'rendered' });
pulumi.runtime.registerStackTransformation((args) => (args.type.startsWith('kubernetes:')
  ? { props: args.props, opts: pulumi.mergeOptions(args.opts, { provider: render }) }
  : undefined));
const app = new App();
const delivery = new PulumiConfigDelivery();
new TaskApiChart(app, 'task-api', { deliveryFor: () => delivery });
renderToPulumi(app);
