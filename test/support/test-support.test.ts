import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';
import { REPO } from './project-copy';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prewarmTransforms, typescriptFiles, marker } = require('./prewarm-transforms');

describe('the Jest environment\'s code cache (test/support/environment.js)', () => {
  test('is installed, and a file compiled again with other source runs the new source', () => {
    expect(vm.compileFunction.name).toBe('compileWithCodeCache');
    const compile = (source: string) => vm.compileFunction(source, ['x'], { filename: path.join(REPO, 'virtual', 'cached.js') });
    expect([compile('return x + 1')(1), compile('return x + 1')(2), compile('return x * 10')(3)]).toEqual([2, 3, 30]);
  });
});

describe('the transform prewarm (test/support/prewarm-transforms.js)', () => {
  test('covers the TypeScript sources tests load, without declaration files or node_modules', () => {
    const files: string[] = typescriptFiles(REPO).map((f: string) => path.relative(REPO, f));
    expect(files).toEqual(expect.arrayContaining(['main.ts', path.join('lib', 'index.ts'), path.join('app', 'stages.ts'), path.join('test', 'support', 'test-support.test.ts')]));
    expect(files.filter((f) => f.endsWith('.d.ts') || f.includes('node_modules'))).toEqual([]);
  });

  test('does nothing once its marker is in the cache folder', async () => {
    const cacheDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'prewarm-'));
    const config = { id: 'test-config', cacheDirectory, rootDir: path.join(cacheDirectory, 'no-such-project') };
    fs.writeFileSync(marker(config), '');
    await prewarmTransforms(config);
    expect(fs.readdirSync(cacheDirectory)).toEqual([path.basename(marker(config))]);
  });
});
