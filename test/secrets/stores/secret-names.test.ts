import { SECRETS_FINGERPRINT_ANNOTATION } from '../../../lib';
import { findObject } from '../../support/chart';
import { buildScenarioApp, STORE_SCENARIOS } from './scenarios';
import { synthValid } from './support';

/** A directory the stores' file props point at; nothing reads it in these tests. */
const dir = '/mnt/dapr-secrets';

describe('each store takes the secret names it really uses, end to end', () => {
  test('the scenarios cover every store type and use names no Kubernetes Secret could have', () => {
    expect([...new Set(STORE_SCENARIOS.map((s) => s.type))].sort()).toEqual([
      'secretstores.aws.secretmanager', 'secretstores.azure.keyvault', 'secretstores.gcp.secretmanager',
      'secretstores.hashicorp.vault', 'secretstores.local.env', 'secretstores.local.file',
    ]);
    const dns = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
    // Every store type is exercised with at least one name the Kubernetes rule would have refused.
    const typesWithNonKubernetesNames = STORE_SCENARIOS.filter((s) => !dns.test(s.componentSecret.name) || !dns.test(s.readSecret.name)).map((s) => s.type);
    expect(new Set(typesWithNonKubernetesNames).size).toBe(6);
  });

  describe.each(STORE_SCENARIOS.map((s) => [s.title, s] as const))('%s', (_title, scenario) => {
    test('secretKeyRef.name, auth.secretStore, allowedSecrets and the Role hold the right names', () => {
      const { chart, store, componentSecret, readSecret, daprApp } = buildScenarioApp(scenario, dir);
      expect(store.componentType).toBe(scenario.type);
      expect([componentSecret.secretName, readSecret.secretName]).toEqual([scenario.componentSecret.name, scenario.readSecret.name]);
      const objects = synthValid(chart);

      // The component references the secret by the store's name for it.
      const statestore = findObject(objects, 'Component', 'statestore');
      expect(statestore.auth).toEqual({ secretStore: store.storeName });
      expect(statestore.spec.metadata.find((m: any) => m.name === 'redisPassword')).toEqual({
        name: 'redisPassword', secretKeyRef: { name: scenario.componentSecret.name, key: scenario.componentSecret.key },
      });
      expect(statestore.scopes).toEqual(['task-api']);

      // The Configuration allows exactly the secret the app reads, under the store's name for it.
      expect(findObject(objects, 'Configuration', 'task-api-config').spec.secrets.scopes).toEqual([
        { storeName: store.storeName, defaultAccess: 'deny', allowedSecrets: [scenario.readSecret.name] },
        { storeName: 'kubernetes', defaultAccess: 'deny' },
        { storeName: 'kubernetes-secrets', defaultAccess: 'deny' },
      ].sort((a, b) => (a.storeName < b.storeName ? -1 : 1)));

      // The Role names only Kubernetes Secrets (the store's credentials), never a store-managed secret.
      expect(daprApp.secretsReadBySidecar).toEqual([...scenario.credentialSecrets].sort());
      const roles = objects.filter((o) => o.kind === 'Role');
      if (scenario.credentialSecrets.length === 0) {
        expect(roles).toEqual([]);
      } else {
        expect(roles.map((r) => r.rules)).toEqual([[{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: [...scenario.credentialSecrets].sort() }]]);
      }
      expect(JSON.stringify(roles)).not.toContain(JSON.stringify(scenario.componentSecret.name));
      expect(JSON.stringify(roles)).not.toContain(JSON.stringify(scenario.readSecret.name));

      // Nothing is synthesized for store-managed secrets: no Secret, and the name is only where Dapr reads it.
      expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
      const holders = objects.filter((o) => JSON.stringify(o).includes(JSON.stringify(scenario.readSecret.name))).map((o) => `${o.kind}/${o.metadata.name}`);
      expect(holders).toEqual(['Configuration/task-api-config']);
    });

    test('the secrets fingerprint covers both secrets and changes when either name changes', () => {
      const base = buildScenarioApp(scenario, dir);
      const deployment = findObject(synthValid(base.chart), 'Deployment', 'task-api');
      expect(deployment.spec.template.metadata.annotations[SECRETS_FINGERPRINT_ANNOTATION]).toBe(base.daprApp.secretsFingerprint);
      expect(base.daprApp.secretDependencies.map((s) => s.secretName)).toEqual(expect.arrayContaining([scenario.componentSecret.name, scenario.readSecret.name]));
      expect(buildScenarioApp(scenario, dir).daprApp.secretsFingerprint).toBe(base.daprApp.secretsFingerprint);
      const renamed = (which: string) => buildScenarioApp(scenario, dir, (n) => (n === which ? `${n}2` : n)).daprApp.secretsFingerprint;
      expect(renamed(scenario.componentSecret.name)).not.toBe(base.daprApp.secretsFingerprint);
      expect(renamed(scenario.readSecret.name)).not.toBe(base.daprApp.secretsFingerprint);
    });
  });
});
