import * as fs from 'fs';
import * as path from 'path';
import { findProjectRoot, loadDeclarations } from '../../lib/cli/declarations';
import { tempDir } from '../secrets/sealed/support/sealed';
import { REPO } from '../support/project-copy';

const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
};

describe('findProjectRoot', () => {
  test('the nearest package.json with "dapr-secure" wins over nearer ones without it', () => {
    const dir = tempDir('root-');
    write(path.join(dir, 'package.json'), JSON.stringify({ name: 'p', 'dapr-secure': { app: 'app/main.ts#buildApp' } }));
    write(path.join(dir, 'packages', 'x', 'package.json'), JSON.stringify({ name: 'x' }));
    const cwd = path.join(dir, 'packages', 'x', 'src');
    fs.mkdirSync(cwd);
    expect(findProjectRoot(cwd)).toEqual({ dir, packageJson: path.join(dir, 'package.json'), app: 'app/main.ts#buildApp' });
    expect(findProjectRoot(dir)).toEqual({ dir, packageJson: path.join(dir, 'package.json'), app: 'app/main.ts#buildApp' });
  });

  test('a "dapr-secure" field without an app still marks the project; without the field anywhere, the nearest package.json', () => {
    const dir = tempDir('root-');
    write(path.join(dir, 'package.json'), JSON.stringify({ name: 'p', 'dapr-secure': {} }));
    write(path.join(dir, 'sub', 'package.json'), JSON.stringify({ name: 'sub' }));
    expect(findProjectRoot(path.join(dir, 'sub'))).toEqual({ dir, packageJson: path.join(dir, 'package.json'), app: undefined });

    const plain = tempDir('root-');
    write(path.join(plain, 'package.json'), JSON.stringify({ name: 'p' }));
    fs.mkdirSync(path.join(plain, 'a', 'b'), { recursive: true });
    expect(findProjectRoot(path.join(plain, 'a', 'b'))).toEqual({ dir: plain, packageJson: path.join(plain, 'package.json') });
  });

  test('no package.json at all: the current directory', () => {
    const dir = tempDir('root-');
    // (unless some folder above the temp folder has one)
    const above = findProjectRoot(path.dirname(dir));
    expect(findProjectRoot(dir)).toEqual(above.packageJson === undefined ? { dir } : above);
  });

  test('a broken package.json or app field is an error naming the file', () => {
    const dir = tempDir('root-');
    write(path.join(dir, 'package.json'), '{ "name": ');
    expect(() => findProjectRoot(dir)).toThrow(`${path.join(dir, 'package.json')} is not valid JSON. Fix: repair it, or pass --app <module>`);
    write(path.join(dir, 'package.json'), JSON.stringify({ 'dapr-secure': { app: 7 } }));
    expect(() => findProjectRoot(dir)).toThrow(`"dapr-secure.app" in ${path.join(dir, 'package.json')} must be a module path such as "app/main.ts#buildApp"`);
  });
});

describe('loadDeclarations', () => {
  test('builds the app in the project folder, so relative sealedFile and certificate are the project\'s; exposes both; restores the cwd', () => {
    const dir = tempDir('decl-');
    const program = path.join(dir, 'app', 'program.ts');
    write(program, `
import { App, Chart } from ${JSON.stringify(path.join(REPO, 'node_modules', 'cdk8s'))};
import { DeclaredSecret, KubernetesSecretStore, SecretDelivery } from ${JSON.stringify(path.join(REPO, 'lib'))};
export function buildApp(): App {
  const app = new App();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const store = new KubernetesSecretStore(chart, 'kubernetes-secrets');
  new DeclaredSecret(chart, 'db', { store, keys: ['password'], delivery: SecretDelivery.sealed({ sealedFile: 'secrets/sealed.json', certificate: 'secrets/cert.pem' }) });
  new DeclaredSecret(chart, 'api', { store, keys: ['token'] });
  return app;
}
`);
    // the delivery reads the certificate when the app is built
    write(path.join(dir, 'secrets', 'cert.pem'), fs.readFileSync(path.join(REPO, 'secrets', 'sealing-cert.pem'), 'utf8'));
    const before = process.cwd();
    const program1 = loadDeclarations('program.ts#buildApp', path.join(dir, 'app'), dir);
    expect(process.cwd()).toBe(before);
    expect(program1.secrets.map((s) => ({ ...s }))).toEqual([
      { path: 'shop/db', namespace: 'shop', name: 'db', keys: ['password'], deliveryKind: 'sealed', sealedFile: path.join(dir, 'secrets', 'sealed.json'), certificate: path.join(dir, 'secrets', 'cert.pem'), scope: 'strict' },
      { path: 'shop/api', namespace: 'shop', name: 'api', keys: ['token'], deliveryKind: 'out-of-band', sealedFile: undefined, certificate: undefined, scope: undefined },
    ]);
  });

  test('the cwd is restored when building the app fails', () => {
    const dir = tempDir('decl-');
    write(path.join(dir, 'broken.ts'), 'export function buildApp() { throw new Error("broken program"); }\n');
    const before = process.cwd();
    expect(() => loadDeclarations('broken.ts#buildApp', dir)).toThrow('broken program');
    expect(process.cwd()).toBe(before);
  });
});
