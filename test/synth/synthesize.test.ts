import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { DaprApp, DeclaredSecret, KUSTOMIZATION_FILE, renderApp, synthesize } from '../../lib';
import { swapFolders, writeAtomically } from '../../lib/synth/synthesize';
import { checkOutputFolder, notSynthOutput, renderKustomization } from '../../lib/synth/output-folder';
import { ACCESS_FILE } from '../../lib/gitops/access-map';
import { CREATE_SECRETS_SCRIPT } from '../../lib/secrets/out-of-band-delivery';

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

  test('CDK8S_DISABLE_SORT does not change the bytes, and is left as it was', () => {
    const sorted = renderApp(smallApp());
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      expect(renderApp(smallApp())).toEqual(sorted);
      expect(process.env.CDK8S_DISABLE_SORT).toBe('1');
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test('replaces a previous synth output whole, removing stale files', () => {
    const out = path.join(tmp(), 'dist');
    fs.mkdirSync(out);
    // What an earlier synth with a second chart wrote.
    fs.writeFileSync(path.join(out, 'stale.k8s.yaml'), 'old');
    fs.writeFileSync(path.join(out, 'shop.k8s.yaml'), 'old');
    fs.writeFileSync(path.join(out, 'create-secrets.sh'), 'old');
    fs.writeFileSync(path.join(out, KUSTOMIZATION_FILE), renderKustomization(['shop.k8s.yaml', 'stale.k8s.yaml']));
    synthesize(smallApp(), { outdir: out });
    expect(fs.existsSync(path.join(out, 'stale.k8s.yaml'))).toBe(false);
    expect(fs.readFileSync(path.join(out, 'shop.k8s.yaml'), 'utf8')).toContain('kind: Deployment');
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
  });

  test('writes into an empty folder, and synthesizes again over its own output', () => {
    const out = tmp();
    synthesize(smallApp(), { outdir: out });
    const first = listFiles(out);
    synthesize(smallApp(), { outdir: out });
    expect(listFiles(out)).toEqual(first);
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

describe('synthesize refuses folders it did not create', () => {
  test('refuses the working directory, and deletes nothing', () => {
    const root = tmp();
    fs.writeFileSync(path.join(root, 'package.json'), '{}');
    const work = path.join(root, 'work');
    fs.mkdirSync(work);
    fs.writeFileSync(path.join(work, 'keep.txt'), 'mine');
    const cwd = process.cwd();
    process.chdir(work);
    try {
      expect(() => synthesize(smallApp(), { outdir: path.join(root, 'dist'), mirrorDir: '.' })).toThrow(
        `[synthesize] mirrorDir: "." is the working directory, and synth replaces its output folder whole (deleting everything in it). Fix: point it at a folder of its own, such as "dist" or ".cdk8s.out" inside the project`,
      );
    } finally {
      process.chdir(cwd);
    }
    expect(fs.readdirSync(work)).toEqual(['keep.txt']);
    expect(fs.readdirSync(root).sort()).toEqual(['package.json', 'work']);
  });

  test('refuses a folder above the working directory', () => {
    const root = tmp();
    const work = path.join(root, 'a', 'b');
    fs.mkdirSync(work, { recursive: true });
    const real = fs.realpathSync(root);
    expect(() => checkOutputFolder(path.join(root, 'a'), 'outdir', { cwd: work, projectRoots: [] })).toThrow(
      `[synthesize] outdir: ${JSON.stringify(path.join(root, 'a'))} is a folder above the working directory ${JSON.stringify(path.join(real, 'a', 'b'))}, and synth replaces its output folder whole (deleting everything in it). Fix: point it at a folder of its own`,
    );
    expect(() => checkOutputFolder('/', 'outdir', { cwd: work, projectRoots: [] })).toThrow('is a folder above the working directory');
  });

  test('refuses the project root, found from the working directory or given', () => {
    const root = path.join(tmp(), 'project');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'package.json'), '{}');
    const work = path.join(root, 'src');
    fs.mkdirSync(work);
    expect(() => checkOutputFolder(root, 'mirrorDir', { cwd: work })).toThrow('is a folder above the working directory');
    // From elsewhere: the program's own project is protected too.
    const elsewhere = tmp();
    expect(() => checkOutputFolder(root, 'mirrorDir', { cwd: elsewhere, projectRoots: [root] })).toThrow(
      `[synthesize] mirrorDir: ${JSON.stringify(root)} is the project root, and synth replaces its output folder whole (deleting everything in it). Fix: point it at a folder of its own`,
    );
    expect(() => checkOutputFolder(path.dirname(root), 'mirrorDir', { cwd: elsewhere, projectRoots: [root] })).toThrow('is a folder above the project root');
    expect(() => checkOutputFolder(path.join(root, 'dist'), 'mirrorDir', { cwd: elsewhere, projectRoots: [root] })).not.toThrow();
  });

  test('refuses a folder with files synth did not write, and leaves both folders as they were', () => {
    const root = tmp();
    const out = path.join(root, 'dist');
    synthesize(smallApp(), { outdir: out });
    const before = listFiles(out);
    const mine = path.join(root, 'mine');
    fs.mkdirSync(path.join(mine, '.git'), { recursive: true });
    fs.writeFileSync(path.join(mine, 'notes.txt'), 'keep');
    expect(() => synthesize(smallApp(), { outdir: out, mirrorDir: mine })).toThrow(
      `[synthesize] mirrorDir: ${JSON.stringify(mine)} is not empty and was not written by synth (it holds no kustomization.yaml written by synth); synth replaces its output folder whole and would delete it. Fix: choose a new or empty folder, or empty this one yourself if nothing in it is needed`,
    );
    expect(fs.readdirSync(mine).sort()).toEqual(['.git', 'notes.txt']);
    expect(listFiles(out)).toEqual(before);
  });

  test('refuses a synth-looking folder with one foreign file', () => {
    const out = path.join(tmp(), 'dist');
    synthesize(smallApp(), { outdir: out });
    fs.writeFileSync(path.join(out, 'README.md'), 'mine');
    expect(() => synthesize(smallApp(), { outdir: out })).toThrow('(it holds "README.md", which synth did not write)');
    expect(fs.readFileSync(path.join(out, 'README.md'), 'utf8')).toBe('mine');
  });

  test('refuses a kustomization that synth did not write', () => {
    const out = tmp();
    fs.writeFileSync(path.join(out, KUSTOMIZATION_FILE), 'resources:\n  - app.yaml\n');
    expect(() => synthesize(smallApp(), { outdir: out })).toThrow('(kustomization.yaml is not one synth wrote)');
  });

  test('refuses a file in place of the folder', () => {
    const file = path.join(tmp(), 'dist');
    fs.writeFileSync(file, 'x');
    expect(() => synthesize(smallApp(), { outdir: file })).toThrow(`[synthesize] outdir: ${JSON.stringify(file)} exists and is not a folder. Fix: remove it or choose another output folder`);
  });

  test('refuses a mirror inside the output folder', () => {
    const root = tmp();
    const out = path.join(root, 'dist');
    expect(() => synthesize(smallApp(), { outdir: out, mirrorDir: path.join(out, 'copy') })).toThrow(
      `[synthesize] mirrorDir: ${JSON.stringify(path.join(out, 'copy'))} and the output folder ${JSON.stringify(out)} lie one inside the other`,
    );
    expect(fs.readdirSync(root)).toEqual([]);
  });

  test('the committed dist/ counts as synth output', () => {
    expect(notSynthOutput(path.resolve(__dirname, '..', '..', 'dist'), [CREATE_SECRETS_SCRIPT, ACCESS_FILE])).toBeUndefined();
  });

  test('staging folders match .gitignore', () => {
    const { staging, previous } = swapFolders('dist');
    expect(path.basename(staging)).toBe(`.dist-staging-${process.pid}`);
    expect(path.basename(previous)).toBe(`.dist-previous-${process.pid}`);
    expect(path.basename(swapFolders('.cdk8s.out').staging)).toBe(`.cdk8s.out-staging-${process.pid}`);
    const ignored = fs.readFileSync(path.resolve(__dirname, '..', '..', '.gitignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.dist-staging-*/', '.dist-previous-*/', '.cdk8s.out-staging-*/', '.cdk8s.out-previous-*/']));
  });
});
