/** Controls: the invariants and the leak search of the property tests catch what they are there to catch. */
import { parseAllDocuments } from 'yaml';
import { renderApp } from '../../lib';
import { CANARY_PREFIX, findLeaks } from '../../lib/testing';
import { build, canariesOf, checkInvariants, GraphSpec } from './support/graph';

const graph: GraphSpec = {
  namespace: 'shop',
  appId: 'app-cart',
  namedStore: true,
  secrets: [
    { name: 'sdb', keys: ['password', 'user.name'], values: [`${CANARY_PREFIX}s0k0:0123456789abcdef\n"x"`, `${CANARY_PREFIX}s0k1:fedcba9876543210é`], read: false },
    { name: 'sapi', keys: ['token'], values: [`${CANARY_PREFIX}s1k0:00112233445566778899`], read: true },
  ],
  components: [{ secret: 0, key: 0 }],
};

function rendered() {
  const files = renderApp(build(graph, 'out-of-band')).map((f: any) => ({ path: f.path as string, content: String(f.content) }));
  const objects = files.filter((f) => f.path.endsWith('.yaml')).flatMap((f) => parseAllDocuments(f.content).map((d) => d.toJS()).filter(Boolean));
  const script = files.find((f) => f.path.endsWith('create-secrets.sh'))!.content;
  return { files, objects, delivered: (name: string, key: string) => script.includes(` shop/${name} ${key}\n`) };
}

test('the graph as built satisfies every invariant', () => {
  const r = rendered();
  expect(checkInvariants(graph, r.objects, r.delivered)).toEqual([]);
});

test.each([
  ['an extra Role resourceName', (o: any[]) => { o.find((x) => x.kind === 'Role').rules[0].resourceNames.push('sother'); }, 'Role resourceNames'],
  ['a missing Role resourceName', (o: any[]) => { o.find((x) => x.kind === 'Role').rules[0].resourceNames = []; }, 'Role resourceNames'],
  ['a Role that also grants a secret only a component references', (o: any[]) => { o.find((x) => x.kind === 'Role').rules[0].resourceNames.push('sdb'); }, 'Role resourceNames'],
  ['list on Secrets', (o: any[]) => { o.find((x) => x.kind === 'Role').rules[0].verbs = ['get', 'list']; }, 'verbs ["get","list"]'],
  ['an allowed secret the app does not read', (o: any[]) => { o.find((x) => x.kind === 'Configuration').spec.secrets.scopes[1].allowedSecrets.push('sdb'); }, 'allowedSecrets'],
  ['a store left open', (o: any[]) => { o.find((x) => x.kind === 'Configuration').spec.secrets.scopes[0].defaultAccess = 'allow'; }, 'defaultAccess allow'],
  ['an unscoped component', (o: any[]) => { delete o.find((x) => x.kind === 'Component' && x.spec.type === 'state.redis').scopes; }, 'scopes undefined'],
  ['a reference to an undeclared key', (o: any[]) => { o.find((x) => x.spec?.type === 'state.redis').spec.metadata.find((m: any) => m.secretKeyRef).secretKeyRef.key = 'pw'; }, 'secretKeyRef sdb/pw is not declared'],
  ['a store that does not exist', (o: any[]) => { o.find((x) => x.spec?.type === 'state.redis').auth.secretStore = 'vault'; }, 'auth.secretStore vault is no secret store'],
  ['a ServiceAccount that does not exist', (o: any[]) => { o.find((x) => x.kind === 'Deployment').spec.template.spec.serviceAccountName = 'nobody'; }, 'serviceAccountName nobody does not exist'],
  ['a RoleBinding to another account', (o: any[]) => { o.find((x) => x.kind === 'RoleBinding').subjects[0].name = 'nobody'; }, 'subject nobody does not exist'],
  ['a Configuration that does not exist', (o: any[]) => { o.find((x) => x.kind === 'Deployment').spec.template.metadata.annotations['dapr.io/config'] = 'nope'; }, 'dapr.io/config nope names no Configuration'],
])('catches %s', (_name, tamper, expected) => {
  const r = rendered();
  tamper(r.objects);
  expect(checkInvariants(graph, r.objects, r.delivered).join('\n')).toContain(expected);
});

test('an undelivered key is caught', () => {
  const r = rendered();
  expect(checkInvariants(graph, r.objects, () => false).join('\n')).toContain('secretKeyRef sdb/password is not delivered');
});

test('the leak search finds a value in a file, raw or encoded', () => {
  const r = rendered();
  const canaries = canariesOf(graph);
  expect(r.files.flatMap((f) => findLeaks(f.content, canaries))).toEqual([]);
  const planted = `${r.files[0].content}\nnote: ${Buffer.from(graph.secrets[1].values[0]).toString('base64')}\nraw: ${JSON.stringify(graph.secrets[0].values[0])}\n`;
  expect(findLeaks(planted, canaries).map((l) => `${l.canary} ${l.encoding}`)).toEqual(['sapi.token base64', 'sdb.password json']);
});
