import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..', '..');

describe('used as a library', () => {
  test('the compiled package synthesizes a consumer program in plain JavaScript', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'consumer-'));
    execFileSync(path.join(REPO, 'node_modules', '.bin', 'tsc'), ['-p', path.join(REPO, 'tsconfig.build.json'), '--outDir', path.join(root, 'pkg', 'build')], { cwd: REPO });
    fs.writeFileSync(path.join(root, 'pkg', 'package.json'), fs.readFileSync(path.join(REPO, 'package.json')));
    fs.mkdirSync(path.join(root, 'node_modules'));
    for (const dep of fs.readdirSync(path.join(REPO, 'node_modules'))) {
      fs.symlinkSync(path.join(REPO, 'node_modules', dep), path.join(root, 'node_modules', dep));
    }
    fs.symlinkSync(path.join(root, 'pkg'), path.join(root, 'node_modules', 'dapr-secure-constructs'));
    fs.writeFileSync(path.join(root, 'program.js'), `
      const { App, Chart } = require('cdk8s');
      const lib = require('dapr-secure-constructs');
      const app = new App();
      const chart = new Chart(app, 'shop', { namespace: 'shop' });
      const db = new lib.DeclaredSecret(chart, 'db', { keys: ['password'] });
      const cache = new lib.RedisStateStore(chart, 'cache', { redisHost: 'redis:6379', redisPassword: db.keyRef('password') });
      new lib.DaprApp(chart, 'cart', { appId: 'cart', image: 'cart:1', components: [cache] });
      try {
        new lib.RedisStateStore(chart, 'bad', { redisHost: 'redis:6379', redisPassword: 'plain' });
      } catch (e) { console.log('refused: ' + e.message.split(':')[0]); }
      lib.synthesize(app, { outdir: 'out' });
      console.log('pulumi renderer: ' + typeof require('dapr-secure-constructs/pulumi').renderToPulumi);
    `);
    const result = spawnSync('node', ['program.js'], { cwd: root, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n')).toEqual(['refused: [shop/bad] spec.metadata[redisPassword]', 'pulumi renderer: function']);
    expect(fs.readdirSync(path.join(root, 'out')).sort()).toEqual(['create-secrets.sh', 'kustomization.yaml', 'shop.k8s.yaml']);
    expect(fs.readFileSync(path.join(root, 'out', 'shop.k8s.yaml'), 'utf8')).toContain('secretKeyRef:\n        key: password\n        name: db');
  });
});
