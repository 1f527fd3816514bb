/**
 * Runs a Pulumi program under mocks in its own Node process, the way Pulumi's nodejs host loads it (ts-node
 * with the project's tsconfig.json), and prints one line `RESULT <json>` with what was registered, every
 * error the process saw (including unhandled rejections, which Jest would otherwise claim) and the canary
 * findings. Never prints a config value.
 *
 *   node -r ts-node/register test/pulumi/support/run-under-mocks.ts <scenario>
 *
 * Config comes from the environment variable RUN_UNDER_MOCKS_CONFIG (JSON, project-relative keys, all secret).
 */
import { findUnwrappedSecrets } from '../../../lib/scan';
import { installMocks } from './mock-runtime';

const errors: string[] = [];
process.on('unhandledRejection', (e) => errors.push(String((e as Error)?.message ?? e)));
process.on('uncaughtException', (e) => errors.push(String(e?.message ?? e)));

const config: { [key: string]: string } = JSON.parse(process.env.RUN_UNDER_MOCKS_CONFIG ?? '{}');
const rt = installMocks(config);

async function scenario(name: string): Promise<void> {
  switch (name) {
    case 'program':
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('../../../pulumi/index');
      return;
    case 'explicit-render-provider':
    case 'explicit-provider': {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const k8s = require('@pulumi/kubernetes') as typeof import('@pulumi/kubernetes');
      const { App } = require('cdk8s') as typeof import('cdk8s');
      const { TaskApiChart } = require('../../../app/task-api') as typeof import('../../../app/task-api');
      const { PulumiConfigDelivery, renderToPulumi } = require('../../../lib/pulumi') as typeof import('../../../lib/pulumi');
      /* eslint-enable @typescript-eslint/no-require-imports */
      const provider = new k8s.Provider('user-provider', name === 'explicit-render-provider' ? { renderYamlToDirectory: 'rendered' } : { context: 'kind-dev' });
      const app = new App();
      const delivery = new PulumiConfigDelivery();
      new TaskApiChart(app, 'task-api', { deliveryFor: () => delivery });
      renderToPulumi(app, { provider });
      return;
    }
    default:
      throw new Error(`unknown scenario ${name}`);
  }
}

async function main(): Promise<void> {
  try {
    await scenario(process.argv[2]);
  } catch (e) {
    errors.push((e as Error).message);
  }
  // Resources waiting on a refused Secret never finish; give the rest time to register.
  await Promise.race([rt.settle(), new Promise((resolve) => setTimeout(resolve, 3000))]);
  const result = {
    registrations: rt.registrations.map((r) => ({ type: r.type, name: r.name, provider: r.provider, parent: r.parent, registered: r.inputs !== undefined })),
    errors: [...new Set(errors)],
    findings: findUnwrappedSecrets({ registrations: rt.registrations.map((r) => [r.wire, r.inputs, r.rest]), outputs: rt.outputs, errors }, config),
  };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
}

void main();
