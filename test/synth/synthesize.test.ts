import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { DaprApp, DeclaredSecret, KUSTOMIZATION_FILE, renderApp, synthesize, writeAtomically } from '../../lib';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));
}

function smallApp(): App {
  const app = new App();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const key = new DeclaredSecret(chart, 'payment-key', { keys: ['token'] });
  new DaprApp(chart, 'checkout', { appId: 'checkout', image: 'checkout:1', appPort: 8080, secretReads: [key] });
  return app;
}

function listFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).sort()) out[f] = fs.readFileSync(path.join(dir, f), 'utf8');
  return out;
}

describe('synthesize', () => {
  test('writes one manifest per chart, the delivery artifacts and a kustomization', () => {
    const out = path.join(tmp(), 'dist');
    const files = synthesize(smallApp(), { outdir: out });
    expect(files.map((f) => f.path)).toEqual(['create-secrets.sh', KUSTOMIZATION_FILE, 'shop.k8s.yaml']);
    expect(Object.keys(listFiles(out))).toEqual(['create-secrets.sh', 'kustomization.yaml', 'shop.k8s.yaml']);
    expect(fs.statSync(path.join(out, 'create-secrets.sh')).mode & 0o777).toBe(0o755);
    expect(fs.readFileSync(path.join(out, KUSTOMIZATION_FILE), 'utf8')).toBe(
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - shop.k8s.yaml\n',
    );
  });

  test('same program, same bytes', () => {
    expect(renderApp(smallApp())).toEqual(renderApp(smallApp()));
  });

  test('replaces the whole folder, removing stale files', () => {
    const out = path.join(tmp(), 'dist');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'stale.k8s.yaml'), 'old');
    synthesize(smallApp(), { outdir: out });
    expect(fs.existsSync(path.join(out, 'stale.k8s.yaml'))).toBe(false);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
  });

  test('a failed synth leaves the previous output untouched', () => {
    const out = path.join(tmp(), 'dist');
    synthesize(smallApp(), { outdir: out });
    const before = listFiles(out);
    const broken = smallApp();
    const chart = broken.node.findChild('shop') as Chart;
    new DaprApp(chart, 'again', { appId: 'checkout', image: 'checkout:2' });
    expect(() => synthesize(broken, { outdir: out })).toThrow('duplicate Dapr app ID "shop/checkout"');
    expect(listFiles(out)).toEqual(before);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
  });

  test('a write failure restores nothing half-written', () => {
    const root = tmp();
    const out = path.join(root, 'dist');
    synthesize(smallApp(), { outdir: out });
    const before = listFiles(out);
    expect(() => writeAtomically(out, [{ path: '../escape.yaml', content: 'x' }])).toThrow('artifact path escapes the output folder');
    expect(listFiles(out)).toEqual(before);
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  test('mirrors into a second folder, such as the cdk8s CLI output', () => {
    const root = tmp();
    synthesize(smallApp(), { outdir: path.join(root, 'dist'), mirrorDir: path.join(root, '.cdk8s.out') });
    expect(listFiles(path.join(root, '.cdk8s.out'))).toEqual(listFiles(path.join(root, 'dist')));
  });

  test('chart ids name files, so they must be DNS labels', () => {
    const app = new App();
    new Chart(app, 'My Chart');
    expect(() => renderApp(app)).toThrow('[My Chart] chart id: "My Chart" names the output file and must be a DNS-1123 label');
  });
});
