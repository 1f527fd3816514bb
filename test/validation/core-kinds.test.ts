import { validateManifest } from '../../lib/validation';
import * as fx from './fixtures';

describe('core kinds (kubernetes-models + top-level keys)', () => {
  test.each([
    ['Secret', fx.secret], ['ConfigMap', fx.configMap], ['ServiceAccount', fx.serviceAccount], ['Service', fx.service],
    ['Namespace', fx.namespace], ['Deployment', fx.deployment], ['Role', fx.role], ['RoleBinding', fx.roleBinding],
    ['ClusterRole', fx.clusterRole], ['ClusterRoleBinding', fx.clusterRoleBinding], ['NetworkPolicy', fx.networkPolicy],
  ])('a valid %s passes', (_kind, make) => {
    expect(validateManifest(make())).toEqual([]);
  });

  describe('Deployment', () => {
    test('container without name', () => {
      const d = fx.deployment();
      delete d.spec.template.spec.containers[0].name;
      expect(validateManifest(d)).toEqual(['Deployment/orders: $.spec.template.spec.containers[0].name: is required']);
    });

    test('replicas of the wrong type', () => {
      const d = fx.deployment();
      d.spec.replicas = '3';
      expect(validateManifest(d)).toEqual(['Deployment/orders: $.spec.replicas: must be integer, got string']);
    });

    test('missing selector and a bad imagePullPolicy are both reported', () => {
      const d = fx.deployment();
      delete d.spec.selector;
      d.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes';
      expect(validateManifest(d)).toEqual([
        'Deployment/orders: $.spec.selector: is required',
        'Deployment/orders: $.spec.template.spec.containers[0].imagePullPolicy: must be one of "Always", "IfNotPresent", "Never"; got "Sometimes"',
      ]);
    });

    test('an unknown top-level key is rejected (kubernetes-models alone would allow it)', () => {
      const d = fx.deployment();
      d.replicas = 2;
      expect(validateManifest(d)).toEqual([
        'Deployment/orders: $.replicas: unknown field (not allowed here; Deployment allows apiVersion, kind, metadata, spec, status)',
      ]);
    });

    test('a bad resource quantity gets one message', () => {
      const d = fx.deployment();
      d.spec.template.spec.containers[0].resources.limits.cpu = 'lots';
      const messages = validateManifest(d);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(/^Deployment\/orders: \$\.spec\.template\.spec\.containers\[0\]\.resources\.limits\.cpu: must match one of: .*Kubernetes quantity/);
    });
  });

  describe('RBAC', () => {
    test('Role rules of the wrong type', () => {
      const r = fx.role();
      r.rules = { verbs: ['get'] };
      expect(validateManifest(r)).toEqual(['Role/secret-reader: $.rules: must be array, got object']);
    });

    test('Role rule verbs as a string', () => {
      const r = fx.role();
      r.rules[0].verbs = 'get';
      expect(validateManifest(r)).toEqual(['Role/secret-reader: $.rules[0].verbs: must be array, got string']);
    });

    test('Role with a spec instead of rules', () => {
      const r = fx.role();
      r.spec = { rules: r.rules };
      delete r.rules;
      expect(validateManifest(r)).toEqual(['Role/secret-reader: $.spec: unknown field (not allowed here; Role allows apiVersion, kind, metadata, rules)']);
    });

    test('RoleBinding without roleRef', () => {
      const b = fx.roleBinding();
      delete b.roleRef;
      expect(validateManifest(b)).toEqual(['RoleBinding/secret-reader: $.roleRef: is required']);
    });

    test('ClusterRoleBinding subject without name', () => {
      const b = fx.clusterRoleBinding();
      delete b.subjects[0].name;
      expect(validateManifest(b)).toEqual(['ClusterRoleBinding/shop:dapr-reader: $.subjects[0].name: is required']);
    });

    test('RBAC names may not contain "/"', () => {
      const r = fx.clusterRole();
      r.metadata.name = 'shop/reader';
      expect(validateManifest(r)).toEqual(['ClusterRole/shop/reader: $.metadata.name: must not be "." or ".." and must not contain "/" or "%"; got "shop/reader"']);
    });
  });

  describe('Secret, ConfigMap, ServiceAccount', () => {
    test('Secret data that is not base64 is reported without echoing the value', () => {
      const s = fx.secret();
      const plaintext = 'not base64 at all %';
      s.data.mode = plaintext;
      const messages = validateManifest(s);
      expect(messages).toEqual(['Secret/orders-config: $.data.mode: must be base64-encoded']);
      expect(messages.join('\n')).not.toContain(plaintext);
    });

    test('Secret with a misspelled stringData key', () => {
      const s = fx.secret();
      s.stringdata = { mode: 'demo' };
      expect(validateManifest(s)).toEqual([
        'Secret/orders-config: $.stringdata: unknown field (not allowed here; Secret allows apiVersion, kind, metadata, data, stringData, type, immutable)',
      ]);
    });

    test('ConfigMap data values must be strings', () => {
      const c = fx.configMap();
      c.data.RETRIES = 3;
      expect(validateManifest(c)).toEqual(['ConfigMap/orders-settings: $.data.RETRIES: must be string, got integer']);
    });

    test('ServiceAccount automountServiceAccountToken must be boolean', () => {
      const sa = fx.serviceAccount();
      sa.automountServiceAccountToken = 'false';
      expect(validateManifest(sa)).toEqual(['ServiceAccount/orders: $.automountServiceAccountToken: must be boolean, got string']);
    });
  });

  describe('Service, Namespace, NetworkPolicy', () => {
    test('Service port of the wrong type and targetPort that is neither int nor string', () => {
      const s = fx.service();
      s.spec.ports[0].port = 'http';
      s.spec.ports[0].targetPort = true;
      expect(validateManifest(s)).toEqual([
        'Service/orders: $.spec.ports[0].port: must be integer, got string',
        'Service/orders: $.spec.ports[0].targetPort: must be string or integer, got boolean',
      ]);
    });

    test('Service names must be DNS-1035 labels', () => {
      const s = fx.service();
      s.metadata.name = '1-orders';
      expect(validateManifest(s)).toEqual([
        `Service/1-orders: $.metadata.name: must be a DNS-1035 label (lowercase alphanumerics and '-', starting with a letter); got "1-orders"`,
      ]);
    });

    test('Namespace names must be DNS-1123 labels (no dots)', () => {
      const n = fx.namespace();
      n.metadata.name = 'shop.apps';
      expect(validateManifest(n)).toEqual([
        `Namespace/shop.apps: $.metadata.name: must be a DNS-1123 label (lowercase alphanumerics and '-', starting and ending alphanumeric); got "shop.apps"`,
      ]);
    });

    test('NetworkPolicy without podSelector and with a bad policyType', () => {
      const p = fx.networkPolicy();
      delete p.spec.podSelector;
      p.spec.policyTypes = ['Inbound'];
      expect(validateManifest(p)).toEqual([
        'NetworkPolicy/orders-ingress: $.spec.podSelector: is required',
        'NetworkPolicy/orders-ingress: $.spec.policyTypes[0]: must be one of "Egress", "Ingress"; got "Inbound"',
      ]);
    });
  });
});
