import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { DeclaredSecret, ISecretStore, KubernetesSecretStore, renderApp, SecretKeyStyle, SecretResolver } from '../../lib';

/** A fresh chart in namespace `default`, in its own app. */
export function testChart(namespace = 'default'): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

/** The object of `kind` named `name` among synthesized objects. */
export function findObject(objects: any[], kind: string, name: string): any {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`no ${kind} ${name} among: ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  return found;
}

/** The synth-time validation errors of the chart's app, or [] when it synthesizes. */
export function synthErrors(chart: Chart): string {
  try {
    Testing.synth(chart);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

/** The errors renderApp (what synth runs) reports for the app, or '' when it renders. */
export function renderErrors(app: App): string {
  try {
    renderApp(app);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

/** A named Kubernetes store with one `db` secret holding `password`. */
export function storeWithSecret(chart: Chart, resolveComponentSecrets = SecretResolver.SIDECAR) {
  // The lesson's form, sidecar-resolved, unless asked otherwise: component tests check auth.secretStore against it.
  const store = new KubernetesSecretStore(chart, 'kubernetes-secrets', { resolveComponentSecrets });
  const secret = new DeclaredSecret(chart, 'db', { store, keys: ['password', 'username'] });
  return { store, secret };
}

/** A store named `vault` that does not read Kubernetes Secrets (the sidecar reads it, like Vault). */
export class VaultLikeStore extends Construct implements ISecretStore {
  public readonly storeName = 'vault';
  public readonly resolver = SecretResolver.SIDECAR;
  public readonly kubernetesBacked = false;
  public readonly keyStyle = SecretKeyStyle.MULTI_KEY;
  public readonly isComponent = true;
}
