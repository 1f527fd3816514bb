import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { taskApiStages } from '../../app/stages';
import { buildTaskApiApp, buildTaskApiSealedApp } from '../../app/task-api';
import { assertValidManifests, DeclaredSecret, OutOfBandDelivery, renderApp, renderStages, synthesize } from '../../lib';
import { formatFindings, makeCanary, scanTree } from '../../lib/scan';
import { findObject } from '../support/chart';
import { runCreateSecretsScript } from '../support/fake-kubectl';
import { readTree } from '../support/project-copy';

/** The Task API's NetworkPolicy: only Dapr sidecars, on daprd's internal gRPC port. */
const TASK_API_POLICY_SPEC = {
  podSelector: { matchLabels: { 'app.kubernetes.io/name': 'task-api' } },
  policyTypes: ['Ingress'],
  ingress: [{
    from: [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'dapr.io/app-id', operator: 'Exists' }] } }],
    ports: [{ protocol: 'TCP', port: 50002 }],
  }],
};

const REPO = path.resolve(__dirname, '..', '..');
const DIST = path.join(REPO, 'dist');

function manifests(app = buildTaskApiApp()): any[] {
  const files = renderApp(app);
  const yaml = files.find((f) => f.path === 'task-api.k8s.yaml')!.content;
  return parseAllDocuments(yaml).map((d) => d.toJS());
}

describe('reference Task API program', () => {
  test('synthesizes the lesson scenario', () => {
    const objects = manifests();
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Component/kubernetes-secrets',
      'Component/statestore',
      'Component/kafka-pubsub',
      'Component/configstore',
      'HTTPEndpoint/notification-service',
      'Configuration/task-api-config',
      'ServiceAccount/task-api',
      'Deployment/task-api',
      'Service/task-api',
      'NetworkPolicy/task-api',
      'Role/task-api-secret-reader',
      'RoleBinding/task-api-secret-reader',
    ]);
    expect(objects.every((o) => o.metadata.namespace === 'default')).toBe(true);
    expect(objects.some((o) => o.kind === 'Secret')).toBe(false);

    const statestore = findObject(objects, 'Component', 'statestore');
    expect(statestore.spec.metadata).toContainEqual({ name: 'redisPassword', secretKeyRef: { name: 'redis-password', key: 'password' } });
    // Component references are resolved by the dapr-operator (auth.secretStore kubernetes), not with the pod's token.
    for (const [kind, name] of [['Component', 'statestore'], ['Component', 'kafka-pubsub'], ['Component', 'configstore'], ['HTTPEndpoint', 'notification-service']]) {
      expect(findObject(objects, kind, name).auth).toEqual({ secretStore: 'kubernetes' });
    }
    expect(statestore.scopes).toEqual(['task-api']);
    const kafka = findObject(objects, 'Component', 'kafka-pubsub');
    expect(kafka.spec.metadata).toContainEqual({ name: 'saslUsername', secretKeyRef: { name: 'kafka-credentials', key: 'username' } });
    expect(kafka.spec.metadata).toContainEqual({ name: 'saslPassword', secretKeyRef: { name: 'kafka-credentials', key: 'password' } });
    expect(findObject(objects, 'Component', 'configstore').spec.type).toBe('configuration.redis');

    const deployment = findObject(objects, 'Deployment', 'task-api');
    expect(deployment.spec.template.metadata.annotations['dapr.io/config']).toBe('task-api-config');
    expect(findObject(objects, 'Configuration', 'task-api-config').spec.secrets.scopes).toEqual([
      { storeName: 'kubernetes', defaultAccess: 'deny' },
      { storeName: 'kubernetes-secrets', defaultAccess: 'deny', allowedSecrets: ['api-credentials', 'notification-api'] },
    ]);
    // The Role: exactly the Secrets API reads, nothing the components reference.
    expect(findObject(objects, 'Role', 'task-api-secret-reader').rules).toEqual([{
      apiGroups: [''], resources: ['secrets'], verbs: ['get'],
      resourceNames: ['api-credentials', 'notification-api'],
    }]);
    expect(findObject(objects, 'Component', 'kubernetes-secrets').scopes).toEqual(['task-api']);
    // The sidecar reads through kubernetes-secrets with the pod's token, so the token is mounted and the built-in store stays on.
    expect(deployment.spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(findObject(objects, 'ServiceAccount', 'task-api').automountServiceAccountToken).toBe(true);
    expect(deployment.spec.template.metadata.annotations['dapr.io/disable-builtin-k8s-secret-store']).toBeUndefined();
    // Only Dapr sidecars reach the pods, on daprd's internal gRPC port; the app port (8000) and daprd's
    // metrics port (9090) are open to no pod, and no Dapr app may invoke the Task API.
    expect(findObject(objects, 'NetworkPolicy', 'task-api')).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'task-api', namespace: 'default', labels: { 'app.kubernetes.io/name': 'task-api' } },
      spec: TASK_API_POLICY_SPEC,
    });
    expect(deployment.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('task-api');
    expect(findObject(objects, 'Configuration', 'task-api-config').spec.accessControl).toEqual({ defaultAction: 'deny', trustDomain: 'public' });
    expect(objects).toMatchSnapshot();
  });

  test('every synthesized object validates offline against its schema', () => {
    expect(() => assertValidManifests(manifests())).not.toThrow();
    expect(() => assertValidManifests(manifests(buildTaskApiSealedApp()))).not.toThrow();
  });

  test('the sealed variant has the same Dapr objects plus one SealedSecret per secret, and no script', () => {
    const outOfBand = manifests();
    const sealed = manifests(buildTaskApiSealedApp());
    const sealedSecrets = sealed.filter((o) => o.kind === 'SealedSecret');
    expect(sealedSecrets.map((o) => o.metadata.name).sort()).toEqual(['api-credentials', 'kafka-credentials', 'notification-api', 'redis-password']);
    expect(Object.keys(findObject(sealed, 'SealedSecret', 'kafka-credentials').spec.encryptedData).sort()).toEqual(['password', 'username']);
    const strip = (objs: any[]) => objs.filter((o) => o.kind !== 'SealedSecret' && o.kind !== 'Deployment');
    expect(strip(sealed)).toEqual(strip(outOfBand));
    const annotation = (objs: any[]) => findObject(objs, 'Deployment', 'task-api').spec.template.metadata.annotations['dapr-secure-constructs/secrets-fingerprint'];
    expect(annotation(sealed)).not.toBe(annotation(outOfBand));
    expect(renderApp(buildTaskApiSealedApp()).map((f) => f.path)).toEqual(['kustomization.yaml', 'task-api.k8s.yaml']);
  });

  test('the committed dist/ equals a fresh synth of every stage, byte for byte (drift)', () => {
    const fresh = renderStages(taskApiStages().stages);
    expect(Object.keys(readTree(DIST)).sort()).toEqual(fresh.map((f) => f.path).sort());
    for (const f of fresh) {
      expect({ file: f.path, content: fs.readFileSync(path.join(DIST, f.path), 'utf8') }).toEqual({ file: f.path, content: f.content });
    }
  });

  test('each stage in dist/ has exactly one NetworkPolicy, admitting only Dapr sidecars to the Task API pods, and denies service invocation', () => {
    for (const [stage, namespace] of [['dev', 'task-api-dev'], ['prod', 'default']]) {
      const objects = parseAllDocuments(fs.readFileSync(path.join(DIST, stage, 'task-api.k8s.yaml'), 'utf8')).map((d) => d.toJS());
      expect(objects.filter((o) => o.kind === 'NetworkPolicy')).toEqual([{
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'task-api', namespace, labels: { 'app.kubernetes.io/name': 'task-api' }, annotations: { 'argocd.argoproj.io/sync-wave': '6' } },
        spec: TASK_API_POLICY_SPEC,
      }]);
      // The pods it selects are the Task API's, and nothing else in the stage carries their label.
      const selected = objects.filter((o) => o.spec?.template?.metadata?.labels?.['app.kubernetes.io/name'] === 'task-api');
      expect(selected.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Deployment/task-api']);
      expect(findObject(objects, 'Configuration', 'task-api-config').spec.accessControl).toEqual({ defaultAction: 'deny', trustDomain: 'public' });
    }
  });

  test('the out-of-band script covers the four secrets and builds with kubectl kustomize', () => {
    const files = renderApp(buildTaskApiApp());
    const script = files.find((f) => f.path === 'create-secrets.sh')!.content;
    for (const v of ['API_CREDENTIALS_API_KEY', 'API_CREDENTIALS_API_SECRET', 'REDIS_PASSWORD_PASSWORD', 'NOTIFICATION_API_API_KEY', 'KAFKA_CREDENTIALS_USERNAME', 'KAFKA_CREDENTIALS_PASSWORD']) {
      expect(script).toContain(`need ${v} `);
    }
  });

  test('canaries in the environment and in the script inputs appear in no output, in any encoding', () => {
    const app = buildTaskApiApp();
    const secrets = app.node.findAll().filter(DeclaredSecret.isDeclaredSecret);
    const canaries: Record<string, string> = {};
    const env: Record<string, string> = {};
    for (const s of secrets) {
      for (const key of s.keys) {
        const variable = (s.delivery as OutOfBandDelivery).envVarFor(s, key);
        canaries[variable] = makeCanary(variable.toLowerCase().replace(/_/g, '-'));
        env[variable] = canaries[variable];
      }
    }
    for (const loose of ['REDIS_PASSWORD', 'KAFKA_PASSWORD', 'API_KEY', 'DAPR_API_TOKEN']) {
      canaries[loose] = makeCanary(loose.toLowerCase().replace(/_/g, '-'));
      env[loose] = canaries[loose];
    }
    expect(Object.keys(canaries)).toHaveLength(10);
    const saved = { ...process.env };
    Object.assign(process.env, env);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'canary-dist-'));
    try {
      synthesize(buildTaskApiApp(), { outdir: out });
    } finally {
      process.env = saved;
    }
    const leaks = scanTree(out, canaries);
    expect(formatFindings(leaks)).toBe(formatFindings([]));
    expect(leaks).toEqual([]);

    // The same values are what the script really delivers: they reach kubectl apply, and only there.
    const run = runCreateSecretsScript(fs.readFileSync(path.join(out, 'create-secrets.sh'), 'utf8'), env);
    expect(run.status).toBe(0);
    const applied = parseAllDocuments(run.applied).map((d) => d.toJS()).filter(Boolean);
    expect(applied).toHaveLength(4);
    const redis = applied.find((d) => d.metadata.name === 'redis-password');
    expect(Buffer.from(redis.data.password, 'base64').toString('utf8')).toBe(canaries.REDIS_PASSWORD_PASSWORD);
    expect(scanTree(out, canaries)).toEqual([]);
    expect(run.argv.includes(canaries.REDIS_PASSWORD_PASSWORD)).toBe(false);
  });
});
