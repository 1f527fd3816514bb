import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { formatDiagnostics, readProject, REPO, sharedCompilerHost } from '../support/typescript';

/**
 * The project's one type-check.
 *
 * Jest compiles each file without type-checking (tsconfig.json sets isolatedModules), so this file runs
 * what `tsc --noEmit -p .` runs, over every file tsconfig.json includes (lib, app, main.ts, pulumi, scripts
 * and the tests), and what Pulumi's host would check pulumi/ with (pulumi/tsconfig.json). The compiled
 * package used as a library is test/e2e/library.e2e.ts, and the packed tarball in fresh projects is
 * test/e2e/packed-package.e2e.ts (both in the end-to-end set, npm run test:e2e).
 */

const hostFor = sharedCompilerHost();
let project: ts.Program;
let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'typecheck-'));
  const { rootNames, options } = readProject(path.join(REPO, 'tsconfig.json'));
  project = ts.createProgram({ rootNames, options, host: hostFor(options) });
}, 120_000);

describe('the project type-checks', () => {
  test('every file tsconfig.json includes, as `tsc --noEmit -p .` checks it', () => {
    expect(project.getRootFileNames().some((f) => f.endsWith('test/library/typecheck.test.ts'))).toBe(true);
    expect(formatDiagnostics(ts.getPreEmitDiagnostics(project))).toBe('');
  });

  // The files pulumi/ imports (app/, lib/) were checked above with the same options but for `types`, so
  // only pulumi/'s own files are checked again here, without Jest's globals.
  test('pulumi/, with the options of pulumi/tsconfig.json, which Pulumi\'s host compiles the program with', () => {
    const { rootNames, options } = readProject(path.join(REPO, 'pulumi', 'tsconfig.json'));
    expect(rootNames.map((f) => path.relative(REPO, f))).toContain(path.join('pulumi', 'index.ts'));
    const { options: projectOptions } = readProject(path.join(REPO, 'tsconfig.json'));
    expect({ ...options, configFilePath: undefined, types: undefined }).toEqual({ ...projectOptions, configFilePath: undefined, types: undefined });
    expect(options.types).toEqual(['node']);
    const pulumi = ts.createProgram({ rootNames, options, host: hostFor(options) });
    const own = rootNames.map((f) => pulumi.getSourceFile(f)!);
    expect(formatDiagnostics(own.flatMap((f) => ts.getPreEmitDiagnostics(pulumi, f)))).toBe('');
  });

  test('a type error is reported, in the project\'s files and in pulumi/\'s own (positive controls)', () => {
    const options = { ...project.getCompilerOptions(), noEmit: true, rootDir: undefined, outDir: undefined };
    const bad = path.join(root, 'bad.ts');
    fs.writeFileSync(bad, `import { RedisStateStore } from ${JSON.stringify(path.join(REPO, 'lib'))};\nexport const n: number = 'not a number';\nexport type T = RedisStateStore;\n`);
    const program = ts.createProgram({ rootNames: [bad], options, host: hostFor(options) });
    expect(formatDiagnostics(ts.getPreEmitDiagnostics(program, program.getSourceFile(bad)), root)).toMatch(/^bad\.ts\(2,14\): error TS2322: Type 'string' is not assignable to type 'number'\./);

    // pulumi/'s check has no Jest globals, and reports what it finds.
    const { options: pulumiOptions } = readProject(path.join(REPO, 'pulumi', 'tsconfig.json'));
    const usesJest = path.join(root, 'uses-jest.ts');
    fs.writeFileSync(usesJest, 'export const e: typeof expect = undefined as any;\n');
    const pulumi = ts.createProgram({ rootNames: [usesJest], options: pulumiOptions, host: hostFor(pulumiOptions) });
    expect(formatDiagnostics(ts.getPreEmitDiagnostics(pulumi, pulumi.getSourceFile(usesJest)), root)).toMatch(/^uses-jest\.ts\(1,24\): error TS2304: Cannot find name 'expect'\./);
  });
});
