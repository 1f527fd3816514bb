/**
 * Type-level test, checked by the project's type-check (`tsc --noEmit -p .`, which includes test/): it
 * fails to compile if `grantRead` accepts a construct that cannot read secrets, or stops returning what it
 * granted. It has no runtime part.
 */
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { DaprApp, DeclaredSecret, SecretReadGrant } from '../../lib';

export function grantReadTypes(): void {
  const chart = new Chart(new App(), 'types');
  const secret = new DeclaredSecret(chart, 'api', { keys: ['api-key'] });
  const app = new DaprApp(chart, 'app', { appId: 'app', image: 'app:1' });

  const grant: SecretReadGrant = secret.grantRead(app);
  const storeName: string = grant.storeName;
  void storeName;

  // @ts-expect-error a plain Construct cannot read secrets
  secret.grantRead(new Construct(chart, 'plain'));
  // @ts-expect-error neither can a chart
  secret.grantRead(chart);
  // @ts-expect-error nor another secret
  secret.grantRead(new DeclaredSecret(chart, 'other', { keys: ['k'] }));
}
