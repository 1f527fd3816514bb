import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { buildTaskApiStage, DEV, PROD } from '../../app/stages';
import {
  ACCESS_FILE, accessEntries, DaprApp, DeclaredSecret, HashicorpVaultSecretStore, HttpVerb, KubernetesSecretStore, McpServer, McpTransport, reachEntries, RedisStateStore, renderAccessMap, renderStage, SecretResolver, stageObjects,
} from '../../lib';
import { describePeer, selects } from '../../lib/gitops/reach-map';
import { builtinKubernetesStore } from '../../lib/secrets/builtin-secret-store';

const DIST = path.resolve(__dirname, '..', '..', 'dist');

describe('ACCESS.md', () => {
  test.each([DEV, PROD])('dist/$name/ACCESS.md is the access map of the stage\'s objects, and lists exactly the program\'s relationships', (s) => {
    const files = renderStage({ name: s.name, namespace: s.namespace, production: s.production, build: () => buildTaskApiStage(s) });
    const objects = stageObjects(files);
    const entries = accessEntries(objects);
    const committed = fs.readFileSync(path.join(DIST, s.name, ACCESS_FILE), 'utf8');
    expect(committed).toBe(renderAccessMap(s.name, entries, reachEntries(objects)));

    // The relationships of app/task-api.ts, written out by hand: the three components and the HTTP endpoint the Task
    // API loads and the secretKeyRefs in each, and the two secrets it reads through the Secrets API.
    expect(entries.map((e) => `${e.via} ${e.target.split(' ')[0]} ${e.store} ${e.secret}/${e.key}`)).toEqual([
      'Component configstore kubernetes redis-password/password',
      'Component kafka-pubsub kubernetes kafka-credentials/password',
      'Component kafka-pubsub kubernetes kafka-credentials/username',
      'Component statestore kubernetes redis-password/password',
      'HTTPEndpoint notification-service kubernetes notification-api/api-key',
      'Secrets API kubernetes-secrets kubernetes-secrets api-credentials/*',
      'Secrets API kubernetes-secrets kubernetes-secrets notification-api/*',
    ]);
    for (const e of entries) {
      // Component references: the dapr-operator with its own RBAC; Secrets API reads: the sidecar, allowed by a Role for exactly those two.
      const api = e.via === 'Secrets API';
      expect(e).toMatchObject({ app: 'task-api', namespace: s.namespace, serviceAccount: 'task-api', resolvedBy: api ? `sidecar, as ServiceAccount ${s.namespace}/task-api` : 'dapr-operator' });
      if (api) expect(e.allowedBy).toContain('Role task-api-secret-reader (get secrets: api-credentials, notification-api)');
      else expect(e.allowedBy).toContain("the dapr-operator's own RBAC (no pod RBAC");
      expect(committed).toContain(`| ${s.namespace}/task-api | ${e.via}: ${e.target} | ${e.store} | ${e.secret} | ${e.key} |`);
    }
    expect(entries.filter((e) => e.via === 'Secrets API').every((e) => e.allowedBy.startsWith(`secret scope task-api-config: kubernetes-secrets defaultAccess deny, allowedSecrets ${e.secret}`))).toBe(true);
    expect(committed).toContain('```mermaid\nflowchart LR\n');
    expect(committed).toContain(`app_${s.namespace.replace(/-/g, '_')}_task_api["app task-api"]`);

    // Who can reach the Task API: only Dapr sidecars, on daprd's internal gRPC port (its NetworkPolicy), and
    // no app by service invocation (its Configuration denies by default and grants nobody).
    expect(reachEntries(objects)).toEqual([
      { app: 'task-api', namespace: s.namespace, via: 'Network', from: 'pods with dapr.io/app-id in any namespace', to: 'TCP 50002', allowedBy: 'NetworkPolicy task-api' },
      { app: 'task-api', namespace: s.namespace, via: 'Service invocation', from: 'nobody', to: 'no operation', allowedBy: 'Configuration task-api-config: defaultAction deny, no policy' },
    ]);
    expect(committed).toContain(`## Who can reach each app`);
    expect(committed).toContain(`| ${s.namespace}/task-api | Network | pods with dapr.io/app-id in any namespace | TCP 50002 | NetworkPolicy task-api |`);
  });

  test('who can reach an app: the ports its NetworkPolicy opens to whom, and who may invoke which operations', () => {
    const app = new App();
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    const gateway = new DaprApp(chart, 'gateway', { appId: 'gateway', image: 'gateway:1' });
    const orders = new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', appPort: 8080, allowAppPortFrom: [gateway, { podLabels: { app: 'ingress' }, namespace: 'edge' }] });
    orders.allowInvocationFrom(gateway, { operations: [{ name: '/orders/*', httpVerbs: [HttpVerb.GET, HttpVerb.POST] }] });
    orders.allowInvocationFrom({ appId: 'billing', namespace: 'finance' });
    new DaprApp(chart, 'open', { appId: 'open', image: 'open:1', networkPolicy: false });
    const reach = reachEntries(chart.toJson());
    const of = (appId: string) => reach.filter((r) => r.app === appId).map((r) => `${r.via}: ${r.from} -> ${r.to} (${r.allowedBy})`);
    expect(of('orders')).toEqual([
      'Network: pods with app.kubernetes.io/name=gateway in namespace shop -> TCP 8080 (NetworkPolicy orders)',
      'Network: pods with app=ingress in namespace edge -> TCP 8080 (NetworkPolicy orders)',
      'Network: pods with dapr.io/app-id in any namespace -> TCP 50002 (NetworkPolicy orders)',
      'Service invocation: app billing (namespace finance, trust domain public) -> every operation (Configuration orders-config: policy for billing)',
      'Service invocation: app gateway (namespace shop, trust domain public) -> GET|POST /orders/* (Configuration orders-config: policy for gateway)',
    ]);
    expect(of('open')).toEqual([
      'Network: every pod and address -> every port (no NetworkPolicy selects the app\'s pods)',
      'Service invocation: every Dapr app -> every operation (Configuration open-config has no accessControl)',
    ]);
    expect(renderAccessMap('dev', accessEntries(chart.toJson()), reach)).toContain('| shop/open | Network | every pod and address | every port | no NetworkPolicy selects the app\'s pods |');
  });

  test('label selectors and NetworkPolicy peers, in words', () => {
    expect(selects({}, {})).toBe(true);
    expect(selects({ matchLabels: { a: '1' }, matchExpressions: [{ key: 'b', operator: 'Exists' }] }, { a: '1', b: 'x' })).toBe(true);
    expect(selects({ matchLabels: { a: '1' } }, { a: '2' })).toBe(false);
    expect(selects({ matchExpressions: [{ key: 'b', operator: 'In', values: ['x', 'y'] }] }, { b: 'z' })).toBe(false);
    expect(selects({ matchExpressions: [{ key: 'b', operator: 'NotIn', values: ['x'] }] }, { b: 'x' })).toBe(false);
    expect(selects({ matchExpressions: [{ key: 'b', operator: 'DoesNotExist' }] }, { b: 'x' })).toBe(false);
    expect(describePeer({ podSelector: {} }, 'shop')).toBe('every pod in namespace shop');
    expect(describePeer({ namespaceSelector: { matchLabels: { team: 'a' } } }, 'shop')).toBe('every pod in namespaces with team=a');
    expect(describePeer({ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }, 'shop')).toBe('addresses 10.0.0.0/8 except 10.1.0.0/16');
  });

  test('who resolves a reference: the dapr-operator for the built-in store and (by default) a named Kubernetes store, the sidecar for a named store that asks for it, the backend for others', () => {
    const app = new App();
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    const builtin = builtinKubernetesStore(chart);
    const named = new KubernetesSecretStore(chart, 'k8s', { resolveComponentSecrets: SecretResolver.SIDECAR });
    const operatorNamed = new KubernetesSecretStore(chart, 'k8s-operator');
    const viaOperatorNamed = new RedisStateStore(chart, 'o', { redisHost: 'r:6379', redisPassword: new DeclaredSecret(chart, 'redis-o', { store: operatorNamed, keys: ['password'] }).keyRef('password') });
    new DeclaredSecret(chart, 'read-o', { store: operatorNamed, keys: ['k'] }).grantRead(new DaprApp(chart, 'reader', { appId: 'reader', image: 'reader:1', components: [viaOperatorNamed] }));
    const vault = new HashicorpVaultSecretStore(chart, 'vault', { vaultAddr: 'https://vault.shop:8200', vaultToken: new DeclaredSecret(chart, 'vault-token', { store: builtin, keys: ['token'] }).keyRef('token') });
    const viaBuiltin = new RedisStateStore(chart, 'a', { redisHost: 'r:6379', redisPassword: new DeclaredSecret(chart, 'redis-a', { store: builtin, keys: ['password'] }).keyRef('password') });
    const viaNamed = new RedisStateStore(chart, 'b', { redisHost: 'r:6379', redisPassword: new DeclaredSecret(chart, 'redis-b', { store: named, keys: ['password'] }).keyRef('password') });
    const viaVault = new RedisStateStore(chart, 'v', { redisHost: 'r:6379', redisPassword: new DeclaredSecret(chart, 'redis-v', { store: vault, keys: ['password'] }).keyRef('password') });
    new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', components: [viaBuiltin, viaNamed, viaVault, named, vault] });
    const entries = accessEntries(chart.toJson());
    const of = (target: string) => entries.filter((e) => e.via === 'Component' && e.target.startsWith(`${target} `));
    expect(of('a')[0]).toMatchObject({ store: 'kubernetes', secret: 'redis-a', resolvedBy: 'dapr-operator' });
    expect(of('a')[0].allowedBy).toContain('dapr/dapr#8176');
    expect(of('b')[0]).toMatchObject({ store: 'k8s', secret: 'redis-b', resolvedBy: 'sidecar, as ServiceAccount shop/orders' });
    expect(of('o')[0]).toMatchObject({ app: 'reader', store: 'kubernetes', secret: 'redis-o', resolvedBy: 'dapr-operator' });
    expect(entries.filter((e) => e.app === 'reader' && e.via === 'Secrets API' && e.store === 'k8s-operator').map((e) => [e.secret, e.resolvedBy]))
      .toEqual([['read-o', 'sidecar, as ServiceAccount shop/reader']]);
    expect(of('v')[0]).toMatchObject({ store: 'vault', resolvedBy: 'sidecar, with the secretstores.hashicorp.vault store\'s own credentials' });
  });

  test('an MCP server loaded by an app: its header references, through the store of its transport', () => {
    const app = new App();
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    const store = new KubernetesSecretStore(chart, 'k8s', { resolveComponentSecrets: SecretResolver.SIDECAR });
    const token = new DeclaredSecret(chart, 'mcp-token', { store, keys: ['token'] });
    const mcp = new McpServer(chart, 'tools', { transport: McpTransport.streamableHttp({ url: 'https://mcp.example.com/mcp', headers: { Authorization: token.keyRef('token') } }) });
    new DaprApp(chart, 'agent', { appId: 'agent', image: 'agent:1', components: [mcp, store] });
    const entries = accessEntries(chart.toJson()).filter((e) => e.via === 'MCPServer');
    expect(entries).toEqual([expect.objectContaining({ app: 'agent', target: 'tools', store: 'k8s', secret: 'mcp-token', key: 'token', resolvedBy: 'sidecar, as ServiceAccount shop/agent' })]);
    expect(entries[0].allowedBy).toContain('mcp-token');
    expect(renderAccessMap('dev', accessEntries(chart.toJson()))).toContain('| shop/agent | MCPServer: tools | k8s | mcp-token | token |');
  });

  test('a read no Role rule allows, and a store without secret scopes, show up as such', () => {
    const objects = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a', namespace: 'n' }, spec: { template: { metadata: { annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'a' } }, spec: { serviceAccountName: 'a' } } } },
      { apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name: 'k', namespace: 'n' }, spec: { type: 'secretstores.kubernetes', metadata: [] } },
      { apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name: 's', namespace: 'n' }, auth: { secretStore: 'k' }, spec: { type: 'state.redis', metadata: [{ name: 'redisPassword', secretKeyRef: { name: 'db', key: 'pw' } }] } },
    ];
    const entries = accessEntries(objects);
    expect(entries.find((e) => e.via === 'Component')).toMatchObject({ secret: 'db', key: 'pw', allowedBy: 'nothing: no Role rule lets a get Secret db' });
    const api = entries.filter((e) => e.via === 'Secrets API');
    expect(api.map((e) => `${e.store} ${e.secret}`)).toEqual(['k *', 'kubernetes *']);
    expect(api[0].allowedBy).toContain('no secret scope for k (every secret readable)');
    expect(renderAccessMap('x', [])).toContain('No Dapr app of this stage reaches a secret.');

    // An HTTP endpoint's header from a Secret, through the same named store; one scoped to another app is not reached.
    const endpoint = { apiVersion: 'dapr.io/v1alpha1', kind: 'HTTPEndpoint', metadata: { name: 'payments', namespace: 'n' }, auth: { secretStore: 'k' }, scopes: ['a'],
      spec: { baseUrl: 'https://pay.example', headers: [{ name: 'Authorization', secretKeyRef: { name: 'pay', key: 'token' } }] } };
    const other = { ...endpoint, metadata: { name: 'other', namespace: 'n' }, scopes: ['b'] };
    const withEndpoint = accessEntries([...objects, endpoint, other]).filter((e) => e.via === 'HTTPEndpoint');
    expect(withEndpoint).toEqual([expect.objectContaining({ target: 'payments', store: 'k', secret: 'pay', key: 'token', resolvedBy: 'sidecar, as ServiceAccount n/a' })]);
    expect(renderAccessMap('x', accessEntries([...objects, endpoint]))).toContain('| n/a | HTTPEndpoint: payments | k | pay | token |');
  });
});
