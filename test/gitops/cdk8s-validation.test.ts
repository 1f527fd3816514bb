import * as fs from 'fs';
import * as path from 'path';
import { DaprSecureValidation, manifestViolations } from '../../lib/gitops/cdk8s-validation';
import { tempDir } from '../secrets/sealed/support/sealed';
import { REPO } from '../support/project-copy';

// cdk8s-cli's own context and report (its package exports no subpaths, so by file).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ValidationContext } = require(path.join(REPO, 'node_modules', 'cdk8s-cli', 'lib', 'plugins', 'validation.js')) as typeof import('cdk8s-cli/lib/plugins/validation');

const BAD_COMPONENT = 'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: statestore\n  namespace: shop\nspec:\n  type: state.redis\n  version: v1\n  metadata:\n    - name: redisHost\n      value: redis:6379\n    - name: redisPassword\n      value: not-shown-anywhere\n';
const LOCAL_STORE = 'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: local\n  namespace: shop\nscopes:\n  - a\nspec:\n  type: secretstores.local.env\n  version: v1\n  metadata: []\n';

function manifests(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...manifests(p));
    else if (e.name.endsWith('.yaml')) out.push(p);
  }
  return out.sort();
}

describe('the cdk8s CLI validation plugin', () => {
  test('passes the committed dist/ (every stage), through cdk8s-cli\'s own ValidationContext', async () => {
    const context = new ValidationContext(manifests(path.join(REPO, 'dist')), 'dapr-secure-constructs', '0.1.0', {}, false);
    await new DaprSecureValidation().validate(context);
    expect(context.report.success).toBe(true);
    expect(context.report.toJson().violations).toEqual([]);
  });

  test('reports schema errors, plain sensitive metadata and plaintext Secrets with resource and fix; development-only stores when production is set', async () => {
    const dir = tempDir('plugin-');
    fs.writeFileSync(path.join(dir, 'bad.k8s.yaml'), `${BAD_COMPONENT}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\nstringData:\n  password: not-shown-anywhere\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n  namespace: shop\nspec: 7\n`);
    fs.writeFileSync(path.join(dir, 'local.k8s.yaml'), LOCAL_STORE);
    const context = new ValidationContext(manifests(dir), 'dapr-secure-constructs', '0.1.0', {}, false);
    await new DaprSecureValidation({ production: true }).validate(context);
    expect(context.report.success).toBe(false);
    const json = context.report.toJson();
    expect(json.violations.map((v: any) => v.ruleName).sort()).toEqual(['dapr-secure/development-only', 'dapr-secure/plain-sensitive-metadata', 'dapr-secure/plaintext-secret', 'dapr-secure/schema']);
    const sensitive = json.violations.find((v: any) => v.ruleName === 'dapr-secure/plain-sensitive-metadata')!;
    expect(sensitive.violatingConstructs[0]).toMatchObject({ resourceName: 'Component/shop/statestore', manifestPath: path.join(dir, 'bad.k8s.yaml') });
    expect(sensitive.violatingConstructs[0].locations[0]).toMatch(/^spec\.metadata\[redisPassword\]: /);
    expect(JSON.stringify(json)).not.toContain('not-shown-anywhere');
    expect(manifestViolations(manifests(dir)).some((v) => v.rule === 'development-only')).toBe(false);
  });

  test('runs the component catalog and the credential scanner as synth does: unknown type or field, missing required field, credentials in headers and URLs', () => {
    const dir = tempDir('plugin-catalog-');
    const component = (name: string, type: string, metadata: Record<string, string>) =>
      `apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\n  namespace: shop\nscopes: [a]\nspec:\n  type: ${type}\n  version: v1\n  metadata:\n${Object.entries(metadata).map(([n, v]) => `    - name: ${n}\n      value: ${JSON.stringify(v)}\n`).join('')}`;
    const endpoint = (name: string, baseUrl: string, header: string) =>
      `apiVersion: dapr.io/v1alpha1\nkind: HTTPEndpoint\nmetadata:\n  name: ${name}\n  namespace: shop\nscopes: [a]\nspec:\n  baseUrl: ${baseUrl}\n  headers:\n    - name: Authorization\n      value: ${JSON.stringify(header)}\n`;
    fs.writeFileSync(path.join(dir, 'app.k8s.yaml'), [
      component('orders', 'state.postgresql', { connectionString: 'host=db', tableNmae: 'orders' }),
      component('typo', 'state.postgress', {}),
      component('cache', 'state.redis', { redisHost: 'redis://:cnry-plugin-1@r:6379' }),
      component('events', 'pubsub.kafka', { authType: 'none' }),
      component('mine', 'state.mycorp', { endpoint: 'x' }),
      endpoint('notify', 'https://u:cnry-plugin-2@notify.example.com', 'Bearer cnry-plugin-3'),
    ].join('---\n'));
    const violations = manifestViolations(manifests(dir), { allowUnknownTypes: ['state.mycorp'] });
    const of = (rule: string, resource: string) => violations.filter((v) => v.rule === rule && v.resourceName === resource).map((v) => v.message).join('\n');
    expect(of('component-catalog', 'Component/shop/orders')).toContain('spec.metadata[tableNmae]: state.postgresql v1 has no metadata field "tableNmae". Fix: did you mean "tableName"?');
    expect(of('component-catalog', 'Component/shop/typo')).toContain('"state.postgress" is not a component type daprd 1.18 registers. Fix: did you mean "state.postgres"?');
    expect(of('component-catalog', 'Component/shop/cache')).toContain('spec.metadata[redisHost]: the plain value embeds a password in a URL');
    expect(of('component-catalog', 'Component/shop/events')).toContain('pubsub.kafka v1 requires "brokers"');
    expect(of('component-catalog', 'Component/shop/mine')).toBe('');
    expect(of('credential', 'HTTPEndpoint/shop/notify')).toContain('spec.headers');
    expect(violations.filter((v) => v.resourceName === 'HTTPEndpoint/shop/notify').map((v) => v.message).join('\n')).toContain('spec.baseUrl');
    expect(JSON.stringify(violations)).not.toContain('cnry-plugin');
    expect(manifestViolations(manifests(dir)).some((v) => v.resourceName === 'Component/shop/mine' && v.rule === 'component-catalog')).toBe(true);
  });
});
