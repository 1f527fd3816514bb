import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { DaprApp, plainValueIssues, validateManifest } from '../../lib';
import { checkLabelValue } from '../../lib/validation/metadata';
import { renderErrors } from '../support/chart';
import * as fx from './fixtures';

const PLANTED = 'hunter2-planted';

function deployment(mutate: (d: any) => void): any {
  const d = fx.deployment();
  mutate(d);
  return d;
}

const c0 = (d: any) => d.spec.template.spec.containers[0];

/** The issues at `pointer`, checking no message or fix shows the planted value. */
function issuesOf(obj: any): Array<{ path: string; message: string; fix?: string }> {
  const found = plainValueIssues(obj);
  for (const i of found) expect(`${i.message} ${i.fix}`).not.toContain(PLANTED);
  return found;
}

describe('embedded credentials in any plain value', () => {
  test.each([
    ['an env value with user:password@', (d: any) => { c0(d).env = [{ name: 'DATABASE_URL', value: `postgres://app:${PLANTED}@db:5432/app` }]; }, '/spec/template/spec/containers/0/env/0/value', 'embeds a password in a URL'],
    ['an env value with password=', (d: any) => { c0(d).env = [{ name: 'DSN', value: `Server=db;User Id=app;Password=${PLANTED};` }]; }, '/spec/template/spec/containers/0/env/0/value', 'embeds a password= pair'],
    ['a pod annotation value', (d: any) => { d.spec.template.metadata.annotations = { 'example.com/upstream': `https://u:${PLANTED}@api.example.com` }; }, '/spec/template/metadata/annotations/example.com~1upstream', 'labels and annotations are never secret'],
    ['an object annotation value', (d: any) => { d.metadata.annotations = { note: `password=${PLANTED}` }; }, '/metadata/annotations/note', 'labels and annotations are never secret'],
    ['a container argument', (d: any) => { c0(d).args = ['--db', `mysql://root:${PLANTED}@db/app`]; }, '/spec/template/spec/containers/0/args/1', 'declared secret'],
  ])('%s', (_name, mutate, pointer, expected) => {
    const found = issuesOf(deployment(mutate));
    expect(found).toEqual([expect.objectContaining({ path: pointer })]);
    expect(`${found[0].message} ${found[0].fix}`).toContain(expected);
  });

  test('a Dapr Component metadata value, an HTTPEndpoint header and a ConfigMap value', () => {
    const c = fx.component();
    c.spec.metadata.push({ name: 'connectionString', value: `host=db password=${PLANTED}` });
    expect(issuesOf(c).map((i) => i.path)).toEqual([`/spec/metadata/${c.spec.metadata.length - 1}/value`]);
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { url: `amqp://guest:${PLANTED}@rabbit:5672` } };
    expect(issuesOf(cm).map((i) => i.path)).toEqual(['/data/url']);
  });

  test('a Secret\'s own data and a SealedSecret\'s ciphertext are where credentials belong', () => {
    expect(issuesOf({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { url: `postgres://a:${PLANTED}@db` } })).toEqual([]);
    expect(issuesOf({ apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: 's' }, spec: { encryptedData: { p: 'password=abc' } } })).toEqual([]);
  });

  test('a variable reference in the password\'s place is no credential', () => {
    expect(issuesOf(deployment((d) => {
      c0(d).env = [
        { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
        { name: 'DATABASE_URL', value: 'postgres://app:$(DB_PASSWORD)@db:5432/app' },
        { name: 'DSN', value: 'host=db password=${DB_PASSWORD}' },
        { name: 'API_TOKEN', value: '$(TOKEN_FROM_SECRET)' },
      ];
    }))).toEqual([]);
  });

  test('URLs without a password and plain words pass', () => {
    expect(issuesOf(deployment((d) => { c0(d).env = [{ name: 'URL', value: 'https://user@api.example.com' }, { name: 'AUTH_TYPE', value: 'password' }]; }))).toEqual([]);
  });
});

describe('credential-looking keys with literal values', () => {
  test.each([
    ['a label', (d: any) => { d.metadata.labels = { 'db-password': PLANTED }; }, '/metadata/labels/db-password'],
    ['a checksum annotation', (d: any) => { d.spec.template.metadata.annotations = { 'checksum/api-token': PLANTED }; }, '/spec/template/metadata/annotations/checksum~1api-token'],
    ['an env variable', (d: any) => { c0(d).env = [{ name: 'STRIPE_API_KEY', value: PLANTED }]; }, '/spec/template/spec/containers/0/env/0/value'],
    ['a variable in dapr.io/env', (d: any) => { d.spec.template.metadata.annotations = { 'dapr.io/env': `LOG=debug,REDIS_PASSWORD=${PLANTED}` }; }, '/spec/template/metadata/annotations/dapr.io~1env'],
  ])('%s', (_name, mutate, pointer) => {
    const found = issuesOf(deployment(mutate));
    expect(found).toEqual([expect.objectContaining({ path: pointer })]);
    expect(found[0].fix).toBeTruthy();
  });

  test('references, flags, empty values and the library\'s own keys pass', () => {
    expect(issuesOf(deployment((d) => {
      d.metadata.labels = { 'token-rotation': 'true', 'api-key-secret-name': 'stripe', 'password': '' };
      d.spec.template.metadata.annotations = {
        'dapr.io/api-token-secret': 'dapr-api-token', 'dapr.io/env-from-secret': 'TOKEN=tok:token', 'dapr.io/env': 'LOG_LEVEL=debug',
        'dapr-secure-constructs/secrets-fingerprint': '0123abcd', 'sealedsecrets.bitnami.com/cluster-wide': 'true',
      };
      d.spec.template.metadata.labels = { 'secret-store': 'vault', 'token-rotation-policy': 'daily', 'checksum/password-hash': 'ab12' };
      c0(d).env = [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }, { name: 'SECRET_STORE_NAME', value: 'vault' }, { name: 'SECRET_BACKEND', value: 'vault' }];
    }))).toEqual([]);
  });
});

describe('values that make no sense', () => {
  test.each([
    [-1, 'got -1'], [1.5, 'got 1.5'],
  ])('replicas %p', (replicas, expected) => {
    const found = issuesOf(deployment((d) => { d.spec.replicas = replicas; }));
    expect(found).toEqual([{ path: '/spec/replicas', message: `must be a whole number of 0 or more; ${expected}`, fix: 'set replicas to 0 or more (unset means 1)' }]);
  });

  test('well-formed addresses pass', () => {
    const c = fx.component();
    c.spec.metadata = [
      { name: 'redisHost', value: 'redis-master.shop.svc.cluster.local:6379' }, { name: 'brokers', value: 'kafka-0:9092, kafka-1:9092' },
      { name: 'hosts', value: '[::1]:6379' }, { name: 'url', value: 'https://api.example.com:8443/x' }, { name: 'redisHost', value: 'redis' },
    ];
    expect(issuesOf(c)).toEqual([]);
  });

  test('replicas of another type are left to the schema; 0 passes', () => {
    expect(issuesOf(deployment((d) => { d.spec.replicas = 'two'; }))).toEqual([]);
    expect(issuesOf(deployment((d) => { d.spec.replicas = 0; }))).toEqual([]);
  });

  test.each([
    ['empty', '', 'has no image'], ['blank', '  ', 'has no image'], ['missing', undefined, 'has no image'], ['with whitespace', 'shop: 1', 'whitespace'],
  ])('image %s', (_n, image, expected) => {
    const found = issuesOf(deployment((d) => { c0(d).image = image; }));
    expect(found).toEqual([expect.objectContaining({ path: '/spec/template/spec/containers/0/image' })]);
    expect(found[0].message).toContain(expected);
  });

  test.each([
    'nginx', 'nginx:1.25', 'library/nginx:1.25-alpine', 'ghcr.io/org/app:1.0.0', 'localhost:5000/app', 'registry.example.com:5000/a/b_c/d-e:v1.2',
    `app@sha256:${'a'.repeat(64)}`, `registry.example.com/app:1.0@sha256:${'0'.repeat(64)}`, '[::1]:5000/app:dev', 'task-api:1.0.0',
  ])('image %s is an image reference', (image) => {
    expect(issuesOf(deployment((d) => { c0(d).image = image; }))).toEqual([]);
  });

  test.each(['Registry/Cart:1', 'shop/Cart', 'app:', 'app:-tag', ':1.0', 'app@sha256:123', 'registry.example.com//app', 'app/', `app:${'t'.repeat(129)}`])('image %s is no image reference', (image) => {
    const found = issuesOf(deployment((d) => { c0(d).image = image; }));
    expect(found).toEqual([expect.objectContaining({ path: '/spec/template/spec/containers/0/image' })]);
    expect(found[0].message).toContain('which is not an image reference (the kubelet would fail with InvalidImageName)');
  });

  test.each([
    ['redisHost', 'redis master:6379', 'redisHost has whitespace inside an address (the value is not shown)'],
    ['brokers', 'kafka-0:9092, kafka 1:9092', 'brokers has whitespace inside an address (the value is not shown)'],
    ['redisHost', 'redis:port', 'redisHost has an address whose port is not a number from 1 to 65535 (the value is not shown)'],
    ['brokers', 'kafka-0:9092,kafka-1:99999', 'brokers has an address whose port is not a number from 1 to 65535 (the value is not shown)'],
    ['redisHost', '', 'redisHost is empty'],
    ['brokers', 'kafka-0:9092,,kafka-1:9092', 'brokers has an empty entry in its comma-separated list'],
    ['brokers', 'kafka-0:9092,', 'brokers has an empty entry in its comma-separated list'],
  ])('Component %s %j', (name, value, expected) => {
    const c = fx.component();
    c.spec.metadata = [{ name, value }];
    expect(issuesOf(c)).toEqual([expect.objectContaining({ path: '/spec/metadata/0/value', message: expected })]);
  });

  test.each([
    ['samplingRate', (c: any) => { c.spec.tracing = { samplingRate: '1.5' }; }, '/spec/tracing/samplingRate', 'got "1.5"'],
    ['samplingRate', (c: any) => { c.spec.tracing = { samplingRate: 'all' }; }, '/spec/tracing/samplingRate', 'got "all"'],
    ['samplingRate', (c: any) => { c.spec.tracing = { samplingRate: '-0.1' }; }, '/spec/tracing/samplingRate', 'got "-0.1"'],
    ['zipkin', (c: any) => { c.spec.tracing = { samplingRate: '1', zipkin: { endpointAddress: 'zipkin:9411/api/v2/spans' } }; }, '/spec/tracing/zipkin/endpointAddress', 'is not an absolute URL'],
    ['zipkin', (c: any) => { c.spec.tracing = { samplingRate: '1', zipkin: { endpointAddress: 'ftp://zipkin/x' } }; }, '/spec/tracing/zipkin/endpointAddress', 'has scheme "ftp"'],
    ['zipkin', (c: any) => { c.spec.tracing = { samplingRate: '1', zipkin: { endpointAddress: `http://admin@zipkin:9411/` } }; }, '/spec/tracing/zipkin/endpointAddress', 'user information'],
    ['otel', (c: any) => { c.spec.tracing = { samplingRate: '1', otel: { endpointAddress: 'collector', protocol: 'grpc', isSecure: false } }; }, '/spec/tracing/otel/endpointAddress', 'is not host:port'],
    ['otel', (c: any) => { c.spec.tracing = { samplingRate: '1', otel: { endpointAddress: 'collector:99999', protocol: 'grpc', isSecure: false } }; }, '/spec/tracing/otel/endpointAddress', 'outside 1 to 65535'],
  ])('Configuration %s', (_n, mutate, pointer, expected) => {
    const c = fx.configuration();
    mutate(c);
    const found = issuesOf(c);
    expect(found).toEqual([expect.objectContaining({ path: pointer })]);
    expect(found[0].message).toContain(expected);
  });

  test('a preview feature without a name', () => {
    const c = fx.configuration();
    c.spec.features = [{ name: 'SchedulerReminders', enabled: true }, { name: ' ', enabled: true }];
    expect(issuesOf(c)).toEqual([expect.objectContaining({ path: '/spec/features/1/name', message: 'a preview feature has no name' })]);
  });

  test('a label value with a credential is reported as one, never shown; other bad label values are shown', () => {
    const messages = validateManifest(deployment((d) => { d.metadata.labels = { upstream: `https://u:${PLANTED}@api.example.com`, tier: 'web tier' }; }));
    expect(messages).toContain('Deployment/orders: $.metadata.labels.upstream: the plain value embeds a password in a URL (scheme://user:password@host) (the value is not shown). Fix: labels and annotations are never secret: remove the credential, and deliver it as a declared secret the workload reads');
    expect(messages.join('\n')).toContain('got "web tier"');
    expect(messages.join('\n')).not.toContain(PLANTED);
  });

  test('well-formed tracing passes', () => {
    for (const tracing of [
      { samplingRate: '0' }, { samplingRate: '1' }, { samplingRate: '0.25' }, { samplingRate: '1.0' },
      { samplingRate: '1', zipkin: { endpointAddress: 'http://zipkin.monitoring.svc.cluster.local:9411/api/v2/spans' } },
      { samplingRate: '1', otel: { endpointAddress: 'otel-collector.monitoring:4317', protocol: 'grpc', isSecure: false } },
      { samplingRate: '1', otel: { endpointAddress: 'https://otel.example.com:4318/v1/traces', protocol: 'http', isSecure: true } },
    ]) {
      const c = fx.configuration();
      c.spec.tracing = tracing;
      expect(issuesOf(c)).toEqual([]);
    }
  });
});

describe('through validateManifest and synth', () => {
  test('validateManifest shows the fix and never the value', () => {
    const [message] = validateManifest(deployment((d) => { c0(d).env = [{ name: 'DATABASE_URL', value: `postgres://app:${PLANTED}@db/app` }]; }));
    expect(message).toMatch(/^Deployment\/orders: \$\.spec\.template\.spec\.containers\[0\]\.env\[0\]\.value: the plain value embeds a password in a URL .*\. Fix: put the whole value in a declared secret/);
    expect(message).not.toContain(PLANTED);
  });

  test('synth refuses with the construct path, also for kinds without a schema', () => {
    const app = new App();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new DaprApp(chart, 'cart', { appId: 'cart', image: 'cart:1', env: { DATABASE_URL: `postgres://app:${PLANTED}@db/app` } });
    new ApiObject(chart, 'worker', {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'worker', labels: { 'db-password': PLANTED } },
      spec: { template: { spec: { containers: [{ name: 'w', image: '' }] } } },
    });
    const errors = renderErrors(app);
    expect(errors).toContain('[shop/cart/Deployment/Resource] Deployment/cart: $.spec.template.spec.containers[0].env[0].value: the plain value embeds a password in a URL');
    expect(errors).toContain('[shop/worker] StatefulSet/worker: $.metadata.labels["db-password"]: the label key looks like a credential');
    expect(errors).toContain('[shop/worker] StatefulSet/worker: $.spec.template.spec.containers[0].image: container "w" has no image. Fix: set the image reference');
    expect(errors).not.toContain(PLANTED);
  });

  test('nothing in dist/ trips the checks', () => {
    const dist = path.join(__dirname, '..', '..', 'dist');
    const objects = fs.readdirSync(dist).flatMap((stage) => fs.readdirSync(path.join(dist, stage)).filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(dist, stage, f), 'utf8')).map((d) => d.toJS()).filter(Boolean)));
    expect(objects.length).toBeGreaterThan(10);
    expect(objects.flatMap((o) => plainValueIssues(o))).toEqual([]);
  });
});

test('the metadata check alone never shows a label value that embeds a credential', () => {
  expect(checkLabelValue(`https://u:${PLANTED}@api.example.com`)).toBe("label value must be at most 63 alphanumerics, '-', '_' or '.'; got a value that embeds a credential (not shown)");
});
