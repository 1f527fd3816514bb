import { execFileSync } from 'child_process';
import { generateKeyPairSync, randomBytes } from 'crypto';
import { parseAllDocuments } from 'yaml';
import { _reservedEnvVar, CREATE_SECRETS_FIELD_MANAGER, renderCreateSecretsScript, ScriptSecret } from '../../lib/secrets/create-secrets-script';
import { realKubectl, runCreateSecretsScript } from '../support/fake-kubectl';
import { createSelfSignedCertificate } from './sealing/support/x509';

const secrets: ScriptSecret[] = [
  { namespace: 'default', name: 'redis-password', type: 'Opaque', keys: [{ key: 'password', envVar: 'REDIS_PASSWORD_PASSWORD' }] },
  {
    namespace: 'default', name: 'api-credentials', type: 'Opaque',
    keys: [{ key: 'api-key', envVar: 'API_CREDENTIALS_API_KEY' }, { key: 'api-secret', envVar: 'API_CREDENTIALS_API_SECRET' }],
  },
];

function canary(): string {
  return `canary ${randomBytes(8).toString('hex')}/+"&=%é`;
}

describe('renderCreateSecretsScript', () => {
  test('orders secrets and names each variable with its secret and key', () => {
    const script = renderCreateSecretsScript(secrets);
    expect(script.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(script).toContain('set -euo pipefail');
    expect(script.indexOf('# default/api-credentials')).toBeLessThan(script.indexOf('# default/redis-password'));
    expect(script).toContain('need API_CREDENTIALS_API_KEY default/api-credentials api-key');
    expect(script).toContain("--from-file=password=<(printf '%s' \"${REDIS_PASSWORD_PASSWORD}\")");
    expect(script).toContain('--dry-run=client -o yaml | "$KUBECTL" apply --server-side --field-manager=dapr-secure-constructs --force-conflicts -f -');
    expect(script).toMatchSnapshot();
  });

  test('refuses names that could break out of the script', () => {
    expect(() => renderCreateSecretsScript([{ namespace: 'default', name: 'x;rm', type: 'Opaque', keys: [] }])).toThrow('unsafe secret name');
    expect(() => renderCreateSecretsScript([{ namespace: 'default', name: 'x', type: 'Opaque', keys: [{ key: 'k', envVar: 'A$(id)' }] }])).toThrow('unsafe environment variable name');
  });

  test('creates every Secret with the exact values from the environment, never on a command line', () => {
    const values = { REDIS_PASSWORD_PASSWORD: canary(), API_CREDENTIALS_API_KEY: canary(), API_CREDENTIALS_API_SECRET: canary() };
    const script = renderCreateSecretsScript(secrets);
    const run = runCreateSecretsScript(script, values);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('2 secret(s) applied.');
    const docs = parseAllDocuments(run.applied).map((d) => d.toJS()).filter(Boolean);
    expect(docs.map((d) => `${d.kind} ${d.metadata.namespace}/${d.metadata.name}`)).toEqual(['Secret default/api-credentials', 'Secret default/redis-password']);
    const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');
    expect(decode(docs[0].data['api-key'])).toBe(values.API_CREDENTIALS_API_KEY);
    expect(decode(docs[0].data['api-secret'])).toBe(values.API_CREDENTIALS_API_SECRET);
    expect(decode(docs[1].data.password)).toBe(values.REDIS_PASSWORD_PASSWORD);
    for (const v of Object.values(values)) {
      expect(script).not.toContain(v);
      expect(run.argv).not.toContain(v);
      expect(run.argv).not.toContain(Buffer.from(v).toString('base64'));
    }
  });

  test('fails before touching the cluster when a variable is unset or empty, naming each one', () => {
    const run = runCreateSecretsScript(renderCreateSecretsScript(secrets), { API_CREDENTIALS_API_KEY: canary(), API_CREDENTIALS_API_SECRET: '' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('these environment variables are unset or empty');
    expect(run.stderr).toContain('API_CREDENTIALS_API_SECRET  (secret default/api-credentials, key api-secret)');
    expect(run.stderr).toContain('REDIS_PASSWORD_PASSWORD  (secret default/redis-password, key password)');
    expect(run.stderr).not.toContain('API_CREDENTIALS_API_KEY ');
    expect(run.argv).toBe('');
    expect(run.applied).toBe('');
  });

  test('applies the Secret type and labels through kubectl label --local, with values still off the command line', () => {
    const labelled: ScriptSecret[] = [{
      namespace: 'shop', name: 'db', type: 'kubernetes.io/basic-auth',
      keys: [{ key: 'username', envVar: 'DB_USERNAME' }, { key: 'password', envVar: 'DB_PASSWORD' }],
      labels: { 'app.kubernetes.io/part-of': 'shop', 'tier': '', 'app.kubernetes.io/name': 'db' },
    }];
    const script = renderCreateSecretsScript(labelled);
    expect(script).toContain([
      '  --dry-run=client -o yaml \\',
      '  | "$KUBECTL" label --local -f - -o yaml \\',
      '    app.kubernetes.io/name=db \\',
      '    app.kubernetes.io/part-of=shop \\',
      '    tier= \\',
      '  | "$KUBECTL" apply --server-side --field-manager=dapr-secure-constructs --force-conflicts -f -',
    ].join('\n'));
    expect(script).toMatchSnapshot();
    const values = { DB_USERNAME: canary(), DB_PASSWORD: canary() };
    const run = runCreateSecretsScript(script, values);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const docs = parseAllDocuments(run.applied).map((d) => d.toJS()).filter(Boolean);
    expect(docs).toHaveLength(1);
    expect(docs[0].type).toBe('kubernetes.io/basic-auth');
    expect(docs[0].metadata.labels).toEqual({ 'app.kubernetes.io/name': 'db', 'app.kubernetes.io/part-of': 'shop', 'tier': '' });
    expect(Buffer.from(docs[0].data.password, 'base64').toString('utf8')).toBe(values.DB_PASSWORD);
    expect(run.argv).toContain('label --local -f - -o yaml app.kubernetes.io/name=db');
    for (const v of Object.values(values)) {
      expect(run.argv).not.toContain(v);
      expect(run.argv).not.toContain(Buffer.from(v).toString('base64'));
    }
  });

  test('applies every Secret server-side as its own field manager, so no last-applied-configuration copies the data', () => {
    const labelled: ScriptSecret[] = [...secrets, { namespace: 'shop', name: 'db', type: 'Opaque', keys: [{ key: 'password', envVar: 'DB_PASSWORD' }], labels: { tier: 'db' } }];
    const values = { REDIS_PASSWORD_PASSWORD: canary(), API_CREDENTIALS_API_KEY: canary(), API_CREDENTIALS_API_SECRET: canary(), DB_PASSWORD: canary() };
    const run = runCreateSecretsScript(renderCreateSecretsScript(labelled), values);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const applies = run.argv.split('\n').filter((line) => line.startsWith('apply'));
    expect(applies).toEqual(Array(3).fill(`apply --server-side --field-manager=${CREATE_SECRETS_FIELD_MANAGER} --force-conflicts -f -`));
    expect(CREATE_SECRETS_FIELD_MANAGER).not.toBe('kubectl');
    expect(run.applied).not.toContain('last-applied-configuration');
    expect(run.argv).not.toContain('--save-config');
  });

  test('uses only apply flags the real kubectl knows', () => {
    const help = execFileSync(realKubectl(), ['apply', '--help'], { encoding: 'utf8' });
    const flags = renderCreateSecretsScript(secrets).match(/apply((?: --[a-z-]+(?:=\S+)?)+) -f -/)![1].trim().split(' ').map((f) => f.replace(/=.*/, ''));
    expect(flags).toEqual(['--server-side', '--field-manager', '--force-conflicts']);
    for (const flag of flags) expect(help).toContain(`    ${flag}=`);
  });

  test('a Secret without labels is piped straight to kubectl apply', () => {
    expect(renderCreateSecretsScript(secrets)).not.toContain('label --local');
  });

  test('refuses labels that are not Kubernetes labels', () => {
    const withLabels = (labels: Record<string, string>): ScriptSecret[] => [{ namespace: 'default', name: 'x', type: 'Opaque', keys: [], labels }];
    expect(() => renderCreateSecretsScript(withLabels({ 'tier-': 'web' }))).toThrow('unsafe label for the create-secrets script: "tier-"="web" (its name is not 1 to 63 letters');
    expect(() => renderCreateSecretsScript(withLabels({ tier: '$(id)' }))).toThrow('unsafe label for the create-secrets script: "tier"="$(id)" (it is not empty or 1 to 63 letters');
  });

  test('refuses a reserved environment variable name', () => {
    expect(() => renderCreateSecretsScript([{ namespace: 'default', name: 'x', type: 'Opaque', keys: [{ key: 'k', envVar: 'LD_PRELOAD' }] }]))
      .toThrow('reserved environment variable name for the create-secrets script: "LD_PRELOAD" (the dynamic loader or the C library reads it)');
  });

  test('refuses one environment variable for two keys', () => {
    expect(() => renderCreateSecretsScript([
      { namespace: 'default', name: 'a', type: 'Opaque', keys: [{ key: 'k', envVar: 'SAME' }] },
      { namespace: 'default', name: 'b', type: 'Opaque', keys: [{ key: 'j', envVar: 'SAME' }] },
    ])).toThrow('environment variable "SAME" would be read for both default/a key k and default/b key j');
  });
});

describe('_reservedEnvVar', () => {
  test.each([
    ['KUBECTL', 'the create-secrets script uses it itself'],
    ['missing', 'the create-secrets script uses it itself'],
    ['PATH', 'bash reads or sets it'],
    ['IFS', 'bash reads or sets it'],
    ['HOME', 'bash reads or sets it'],
    ['BASH_ENV', 'bash reads or sets it'],
    ['LD_PRELOAD', 'the dynamic loader or the C library reads it'],
    ['KUBECONFIG', 'kubectl or the Go runtime it is built with reads it'],
    ['https_proxy', 'kubectl or the Go runtime it is built with reads it'],
    ['DAPR_API_TOKEN', "Dapr's CLI, SDKs and sidecar read it"],
  ])('%s is reserved', (name, reason) => {
    expect(_reservedEnvVar(name)).toBe(reason);
  });

  test.each(['REDIS_PASSWORD_PASSWORD', 'API_CREDENTIALS_API_KEY', 'PATHS_TOKEN', 'SHOP_DAPR_TOKEN'])('%s is free', (name) => {
    expect(_reservedEnvVar(name)).toBeUndefined();
  });

});

describe('renderCreateSecretsScript: typed Secrets', () => {
  /** A certificate and its private key, as PEM. */
  function tlsPair(): { cert: string; key: string } {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    return { cert: createSelfSignedCertificate({ publicKey, privateKey, commonName: 'shop.example.com' }), key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  }
  const tls = (keys: string[]): ScriptSecret => ({ namespace: 'shop', name: 'shop-tls', type: 'kubernetes.io/tls', keys: keys.map((key) => ({ key, envVar: `SHOP_TLS_${key.replace('.', '_').toUpperCase()}` })) });

  test('a certificate and its key use kubectl create secret tls, which checks they match before anything is applied', () => {
    const script = renderCreateSecretsScript([tls(['tls.key', 'tls.crt'])]);
    expect(script).toContain([
      '"$KUBECTL" create secret tls shop-tls \\',
      '  --namespace shop \\',
      '  --cert=<(printf \'%s\' "${SHOP_TLS_TLS_CRT}") \\',
      '  --key=<(printf \'%s\' "${SHOP_TLS_TLS_KEY}") \\',
      '  --dry-run=client -o yaml | "$KUBECTL" apply --server-side --field-manager=dapr-secure-constructs --force-conflicts -f -',
    ].join('\n'));
    const pair = tlsPair();
    const run = runCreateSecretsScript(script, { SHOP_TLS_TLS_CRT: pair.cert, SHOP_TLS_TLS_KEY: pair.key });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const [secret] = parseAllDocuments(run.applied).map((d) => d.toJS()).filter(Boolean);
    expect(secret.type).toBe('kubernetes.io/tls');
    expect(Object.keys(secret.data).sort()).toEqual(['tls.crt', 'tls.key']);
    expect(Buffer.from(secret.data['tls.crt'], 'base64').toString()).toBe(pair.cert);
    expect(Buffer.from(secret.data['tls.key'], 'base64').toString()).toBe(pair.key);
    expect(run.argv).not.toContain('PRIVATE KEY');
    expect(run.argv).not.toContain('CERTIFICATE');
  });

  test('a key that does not belong to the certificate fails and applies nothing, without showing either', () => {
    const script = renderCreateSecretsScript([tls(['tls.crt', 'tls.key'])]);
    const run = runCreateSecretsScript(script, { SHOP_TLS_TLS_CRT: tlsPair().cert, SHOP_TLS_TLS_KEY: tlsPair().key });
    expect(run.status).not.toBe(0);
    expect(parseAllDocuments(run.applied).map((d) => d.toJS()).filter(Boolean)).toEqual([]);
    expect(run.stderr).toContain('private key does not match public key');
    expect(run.stderr).not.toContain('PRIVATE KEY');
    expect(run.stderr).not.toContain('CERTIFICATE');
  });

  test('a TLS Secret with more keys (ca.crt) uses generic with --type', () => {
    const script = renderCreateSecretsScript([tls(['tls.crt', 'tls.key', 'ca.crt'])]);
    expect(script).toContain('"$KUBECTL" create secret generic shop-tls \\\n  --namespace shop \\\n  --type kubernetes.io/tls \\\n');
    expect(script).toContain("--from-file=ca.crt=<(printf '%s' \"${SHOP_TLS_CA_CRT}\")");
    expect(script).not.toContain('create secret tls');
  });

  test('a built-in type without the keys the API server requires is refused', () => {
    expect(() => renderCreateSecretsScript([tls(['tls.crt'])])).toThrow('secret shop/shop-tls cannot be created: a kubernetes.io/tls Secret must hold "tls.crt" and "tls.key"');
    expect(() => renderCreateSecretsScript([{ namespace: 'shop', name: 'git', type: 'kubernetes.io/ssh-auth', keys: [{ key: 'id_rsa', envVar: 'GIT_ID_RSA' }] }])).toThrow('must hold "ssh-privatekey"');
  });
});
