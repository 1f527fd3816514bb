import { App, Chart } from 'cdk8s';
import { DaprApp, defineStages, LocalFileSecretStore } from '../../../lib';
import { fieldError } from '../../../lib/core/errors';

/** A program the CLI must refuse: one stage's constructor throws, the production stage loads a development-only store. */
export function refusedStages() {
  return defineStages(
    {
      name: 'dev',
      namespace: 'shop',
      build: () => {
        const app = new App();
        const chart = new Chart(app, 'shop', { namespace: 'shop' });
        throw fieldError(chart, { field: 'replicas', problem: '-1 is not a number of pods', fix: 'use 1 or more' });
      },
    },
    {
      name: 'prod',
      namespace: 'shop',
      production: true,
      build: () => {
        const app = new App();
        const chart = new Chart(app, 'shop', { namespace: 'shop' });
        const store = new LocalFileSecretStore(chart, 'local', { secretsFile: '/run/secrets.json' });
        new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1.0.0', components: [store] });
        return app;
      },
    },
  );
}
