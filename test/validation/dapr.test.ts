import { validateManifest } from '../../lib/validation';
import * as fx from './fixtures';

describe('Dapr Component', () => {
  test('a valid Component passes', () => {
    expect(validateManifest(fx.component())).toEqual([]);
  });

  test('a Component with empty metadata and no auth or scopes passes', () => {
    const c = fx.component();
    c.spec.metadata = [];
    delete c.auth;
    delete c.scopes;
    expect(validateManifest(c)).toEqual([]);
  });

  test('auth inside spec is an error (it is a sibling of spec)', () => {
    const c = fx.component();
    c.spec.auth = c.auth;
    delete c.auth;
    expect(validateManifest(c)).toEqual([
      'Component/statestore: $.spec.auth: unknown field (not allowed here); auth is a top-level sibling of spec in a Dapr Component',
    ]);
  });

  test('scopes inside spec is an error (it is a sibling of spec)', () => {
    const c = fx.component();
    c.spec.scopes = c.scopes;
    delete c.scopes;
    expect(validateManifest(c)).toEqual([
      'Component/statestore: $.spec.scopes: unknown field (not allowed here); scopes is a top-level sibling of spec in a Dapr Component',
    ]);
  });

  test('a metadata entry with both value and secretKeyRef', () => {
    const c = fx.component();
    c.spec.metadata[1].value = 'redis-auth';
    expect(validateManifest(c)).toEqual([
      'Component/statestore: $.spec.metadata[1]: must set exactly one of value, secretKeyRef or envRef; found value and secretKeyRef',
    ]);
  });

  test('a metadata entry with none of value, secretKeyRef or envRef', () => {
    const c = fx.component();
    c.spec.metadata.push({ name: 'enableTLS' });
    expect(validateManifest(c)).toEqual([
      'Component/statestore: $.spec.metadata[4]: must set exactly one of value, secretKeyRef or envRef; none is set',
    ]);
  });

  test('secretKeyRef without name, and an unknown key in it', () => {
    const c = fx.component();
    c.spec.metadata[1].secretKeyRef = { key: 'redis-password', namespace: 'apps' };
    expect(validateManifest(c)).toEqual([
      'Component/statestore: $.spec.metadata[1].secretKeyRef.name: is required',
      'Component/statestore: $.spec.metadata[1].secretKeyRef.namespace: unknown field (not allowed here)',
    ]);
  });

  test('envRef names that daprd refuses', () => {
    const c = fx.component();
    c.spec.metadata[2].envRef = 'DAPR_API_TOKEN';
    expect(validateManifest(c)).toEqual([
      'Component/statestore: $.spec.metadata[2].envRef: daprd refuses to read "DAPR_API_TOKEN" (APP_API_TOKEN, DAPR_* and names with spaces are never allowed)',
    ]);
  });

  test('missing spec.type, spec.version and spec.metadata', () => {
    const c = fx.component();
    c.spec = {};
    expect(validateManifest(c)).toEqual([
      'Component/statestore: $.spec.type: is required',
      'Component/statestore: $.spec.version: is required',
      'Component/statestore: $.spec.metadata: is required',
    ]);
  });

  test('wrong types for ignoreErrors, initTimeout and scopes', () => {
    const c = fx.component();
    c.spec.ignoreErrors = 'true';
    c.spec.initTimeout = 'ten seconds';
    c.scopes = 'orders';
    expect(validateManifest(c)).toEqual([
      'Component/statestore: $.spec.initTimeout: must be a Go duration such as "30s", "1h" or "2h30m"; got "ten seconds"',
      'Component/statestore: $.spec.ignoreErrors: must be boolean, got string',
      'Component/statestore: $.scopes: must be array, got string',
    ]);
  });

  test('auth without secretStore', () => {
    const c = fx.component();
    c.auth = { store: 'vault' };
    expect(validateManifest(c)).toEqual([
      'Component/statestore: $.auth.secretStore: is required',
      'Component/statestore: $.auth.store: unknown field (not allowed here)',
    ]);
  });

  test('a Component without spec', () => {
    const c = fx.component();
    delete c.spec;
    expect(validateManifest(c)).toEqual(['Component/statestore: $.spec: is required']);
  });
});

describe('Dapr Configuration', () => {
  test('a valid Configuration passes', () => {
    expect(validateManifest(fx.configuration())).toEqual([]);
  });

  test('an empty spec passes', () => {
    expect(validateManifest({ ...fx.configuration(), spec: {} })).toEqual([]);
  });

  test('duplicate storeName is an error (daprd rejects it)', () => {
    const c = fx.configuration();
    c.spec.secrets.scopes[1].storeName = 'kubernetes';
    expect(validateManifest(c)).toEqual([
      'Configuration/orders-config: $.spec.secrets.scopes[1].storeName: duplicate storeName "kubernetes" (already used by scopes[0]); daprd rejects the configuration',
    ]);
  });

  test('defaultAccess "maybe" is an error; case-insensitive allow/deny is fine', () => {
    const c = fx.configuration();
    c.spec.secrets.scopes[0].defaultAccess = 'maybe';
    c.spec.secrets.scopes[1].defaultAccess = 'DENY';
    expect(validateManifest(c)).toEqual([
      'Configuration/orders-config: $.spec.secrets.scopes[0].defaultAccess: must be "allow" or "deny"; got "maybe"',
    ]);
  });

  test('secret scope without storeName and with allowedSecrets as a string', () => {
    const c = fx.configuration();
    c.spec.secrets.scopes[0] = { defaultAccess: 'deny', allowedSecrets: 'redis-auth' };
    expect(validateManifest(c)).toEqual([
      'Configuration/orders-config: $.spec.secrets.scopes[0].storeName: is required',
      'Configuration/orders-config: $.spec.secrets.scopes[0].allowedSecrets: must be array, got string',
    ]);
  });

  test('top-level scopes is an error', () => {
    const c = fx.configuration();
    c.scopes = ['orders'];
    expect(validateManifest(c)).toEqual([
      'Configuration/orders-config: $.scopes: unknown field (not allowed here); a Dapr Configuration has no top-level scopes; secret access goes in spec.secrets.scopes, app scoping on each Component',
    ]);
  });

  test('secrets.scopes placed directly under spec is an unknown field', () => {
    const c = fx.configuration();
    c.spec.scopes = c.spec.secrets.scopes;
    delete c.spec.secrets;
    expect(validateManifest(c)).toEqual(['Configuration/orders-config: $.spec.scopes: unknown field (not allowed here)']);
  });

  test('mtls without the fields the CRD requires', () => {
    const c = fx.configuration();
    c.spec.mtls = { enabled: true };
    expect(validateManifest(c)).toEqual([
      'Configuration/orders-config: $.spec.mtls.sentryAddress: is required',
      'Configuration/orders-config: $.spec.mtls.controlPlaneTrustDomain: is required',
    ]);
  });

  test('tracing, features, metric, logging, api, components and nameResolution shapes', () => {
    const c = fx.configuration();
    c.spec.tracing = { stdout: true, zipkin: {} };
    c.spec.features = [{ name: 'SchedulerReminders', enabled: 'yes' }];
    c.spec.metric = { http: {} };
    c.spec.logging = { apiLogging: { enabled: 1 } };
    c.spec.api = { allowed: [{ name: 'state' }] };
    c.spec.components = { deny: 'bindings.smtp' };
    c.spec.nameResolution = { component: 'mdns' };
    expect(validateManifest(c)).toEqual([
      'Configuration/orders-config: $.spec.tracing.samplingRate: is required',
      'Configuration/orders-config: $.spec.tracing.zipkin.endpointAddress: is required',
      'Configuration/orders-config: $.spec.metric.enabled: is required',
      'Configuration/orders-config: $.spec.nameResolution.version: is required',
      'Configuration/orders-config: $.spec.nameResolution.configuration: is required',
      'Configuration/orders-config: $.spec.features[0].enabled: must be boolean, got string',
      'Configuration/orders-config: $.spec.api.allowed[0].version: is required',
      'Configuration/orders-config: $.spec.components.deny: must be array, got string',
      'Configuration/orders-config: $.spec.logging.apiLogging.enabled: must be boolean, got integer',
    ]);
  });

  test('otel headers follow the exactly-one value rule', () => {
    const c = fx.configuration();
    c.spec.tracing.otel.headers = [{ name: 'x-tenant', value: 'shop', envRef: 'TENANT' }];
    expect(validateManifest(c)).toEqual([
      'Configuration/orders-config: $.spec.tracing.otel.headers[0]: must set exactly one of value, secretKeyRef or envRef; found value and envRef',
    ]);
  });

  test('mtls tokenValidators name must be jwks', () => {
    const c = fx.configuration();
    c.spec.mtls.tokenValidators = [{ name: 'oidc', options: { issuer: 'https://issuer.example' } }];
    expect(validateManifest(c)).toEqual([
      'Configuration/orders-config: $.spec.mtls.tokenValidators[0].name: must be one of "jwks"; got "oidc"',
    ]);
  });
});
