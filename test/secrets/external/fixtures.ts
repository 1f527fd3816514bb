import { Chart } from 'cdk8s';
import { DeclaredSecret, KubernetesSecretStore } from '../../../lib';
import {
  EsoProvider, ExternalSecretDelivery, ExternalSecretDeliveryOptions, ExternalSecretStore, IExternalSecretStore, VaultAuth,
} from '../../../lib/secrets/external';

/**
 * A provider credential: a declared secret in the built-in Kubernetes store, delivered out-of-band (the
 * default), so its value never enters the program.
 */
export function credential(chart: Chart, id: string, keys: string[], namespace?: string): DeclaredSecret {
  return new DeclaredSecret(chart, id, { keys, namespace });
}

/** A Vault SecretStore in the chart's namespace, authenticated with a declared token secret. */
export function vaultStore(chart: Chart, id = 'vault-backend'): ExternalSecretStore {
  const token = credential(chart, `${id}-token`, ['token']);
  return new ExternalSecretStore(chart, id, {
    provider: EsoProvider.vault({ server: 'https://vault.vault.svc:8200', path: 'secret', auth: VaultAuth.token(token.keyRef('token')) }),
  });
}

/** An app secret `db` with two keys, in a named Kubernetes store, delivered by ESO from `store`. */
export function externalDb(chart: Chart, store: IExternalSecretStore, options: Partial<ExternalSecretDeliveryOptions> = {}): DeclaredSecret {
  const k8s = (chart.node.tryFindChild('kubernetes-secrets') as KubernetesSecretStore | undefined) ?? new KubernetesSecretStore(chart, 'kubernetes-secrets');
  return new DeclaredSecret(chart, 'db', {
    store: k8s,
    keys: ['username', 'password'],
    delivery: new ExternalSecretDelivery({
      store,
      remoteRefs: { username: { key: 'shop/db', property: 'username' }, password: { key: 'shop/db', property: 'password' } },
      ...options,
    }),
  });
}
