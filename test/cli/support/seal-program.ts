import * as fs from 'fs';
import * as path from 'path';
import { SealingScope } from '../../../lib/secrets/sealing';
import { REPO } from '../../support/project-copy';

/**
 * Writes a program module into `dir` that declares `shop/db` (keys username, password) and `shop/api`
 * (key token), delivered sealed from `file`, read by a Dapr app; returns its path for --app.
 */
export function writeProgram(dir: string, file: string, scope: SealingScope = SealingScope.STRICT, certificate?: string): string {
  const program = path.join(dir, 'program.ts');
  const lib = JSON.stringify(path.join(REPO, 'lib'));
  fs.writeFileSync(program, `
import { App, Chart } from ${JSON.stringify(path.join(REPO, 'node_modules', 'cdk8s'))};
import { DaprApp, DeclaredSecret, KubernetesSecretStore } from ${lib};
import { SealedSecretDelivery } from ${JSON.stringify(path.join(REPO, 'lib', 'secrets', 'sealed', 'sealed-secret-delivery'))};

export function buildApp(): App {
  const app = new App();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const store = new KubernetesSecretStore(chart, 'kubernetes-secrets');
  const delivery = new SealedSecretDelivery({ sealedFile: ${JSON.stringify(file)}, scope: ${JSON.stringify(scope)} as any, certificate: ${JSON.stringify(certificate)} });
  const db = new DeclaredSecret(chart, 'db', { store, keys: ['username', 'password'], delivery });
  const api = new DeclaredSecret(chart, 'api', { store, keys: ['token'], delivery });
  new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', secretReads: [db, api] });
  return app;
}
`);
  return program;
}
