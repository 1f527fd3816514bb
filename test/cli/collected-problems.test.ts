import * as fs from 'fs';
import * as path from 'path';
import { PassThrough } from 'stream';
import { App } from 'cdk8s';
import { RedisStateStore } from '../../lib';
import { main } from '../../lib/cli';
import { loadDeclarations } from '../../lib/cli/declarations';
import { underlyingErrors } from '../../lib/cli/main';
import { collectProblems, COLLECT_PROBLEMS_ENV, ConstructionProblems } from '../../lib/core/errors';
import { StageProblems } from '../../lib/gitops/render-stages';
import { tempDir } from '../secrets/sealed/support/sealed';
import { REPO } from '../support/project-copy';
import { buildMistakes, MISTAKES } from './support/mistakes-program';
import { buildWithOwnCopy } from './support/own-copy-program';

const PROGRAM = 'test/cli/support/mistakes-program.ts';
const STACK_LINE = /\n\s+at /;

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough();
  stdin.end();
  const code = await main(args, { cwd: REPO, stdin, stdout: { write: (t: string) => { stdout += t; } }, stderr: { write: (t: string) => { stderr += t; } }, env: {} });
  return { code, stdout, stderr };
}

describe('the CLI reports every problem the constructors of the program refuse', () => {
  test('used as a library (no CLI), the program still throws at its first mistake', () => {
    expect(() => buildMistakes()).toThrow(MISTAKES[0]);
    expect(process.env[COLLECT_PROBLEMS_ENV]).toBeUndefined();
  });

  test('synth prints all of them with path, field and fix, exits 1 without a stack trace, and writes nothing', async () => {
    const out = path.join(tempDir('cli-mistakes-'), 'dist');
    const r = await cli(['synth', '--app', `${PROGRAM}#buildMistakes`, '--outdir', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('synth failed;');
    expect(r.stderr).toContain('Validation failed with the following errors:\n');
    for (const m of MISTAKES) expect(r.stderr).toContain(`\n  ${m}\n`);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(fs.existsSync(out)).toBe(false);
    expect(process.env[COLLECT_PROBLEMS_ENV]).toBeUndefined();
  });

  test('a constructor that cannot go on stops the build, and the problems before it are reported with it', async () => {
    const r = await cli(['synth', '--app', `${PROGRAM}#buildMistakesThenStop`, '--outdir', path.join(tempDir('cli-stop-'), 'dist')]);
    expect(r.code).toBe(1);
    for (const m of MISTAKES) expect(r.stderr).toContain(`\n  ${m}\n`);
    expect(r.stderr).toContain('\n  [shop/broken] auth: no authentication chosen. Fix: pass KafkaAuth.password(...), KafkaAuth.mtls(...) or KafkaAuth.none()\n');
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  test('a stage program: the stage\'s problems are listed under it, the other stages are still rendered and checked', async () => {
    const out = path.join(tempDir('cli-mistake-stages-'), 'dist');
    const r = await cli(['synth', '--app', `${PROGRAM}#mistakeStages`, '--outdir', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`stage dev:\n${MISTAKES.map((m) => `  ${m}\n`).join('')}`);
    expect(r.stderr).not.toContain('stage prod:');
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(fs.existsSync(out)).toBe(false);
    expect((await cli(['synth', '--app', `${PROGRAM}#mistakeStages`, '--outdir', out, '--stage', 'prod'])).code).toBe(0);
    expect(fs.readdirSync(out)).toEqual(['prod']);
  });

  test('a problem recorded outside the App the program returns still refuses the program', async () => {
    const out = path.join(tempDir('cli-beside-'), 'dist');
    const r = await cli(['synth', '--app', `${PROGRAM}#buildBesideTheApp`, '--outdir', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('\n  [scratch/cache] redisDB: expected a whole number of at least 0, got -1.');
    expect(fs.existsSync(out)).toBe(false);
  });

  test('check and env refuse the program with every problem too', async () => {
    const check = await cli(['check', '--app', `${PROGRAM}#mistakeStages`]);
    expect(check.code).toBe(1);
    for (const m of MISTAKES) expect(check.stderr).toContain(`  ${m}\n`);
    const env = await cli(['env', '--app', `${PROGRAM}#mistakeStages`]);
    expect(env.code).toBe(1);
    for (const m of MISTAKES) expect(env.stderr).toContain(`\n  ${m}`);
    expect(env.stdout).toBe('');
    // seal reads the program's declarations
    expect(() => loadDeclarations(`${PROGRAM}#mistakeStages`, REPO)).toThrow(new ConstructionProblems(MISTAKES.map((m) => new Error(m))).message);
  });

  test.each([
    ['one App', 'buildMistakes'],
    ['stages', 'mistakeStages'],
    ['a build that stops', 'buildMistakesThenStop'],
  ])('--debug prints the stack of the program\'s own code (%s); without it, no stack line', async (_what, exported) => {
    const args = ['synth', '--app', `${PROGRAM}#${exported}`, '--outdir', path.join(tempDir('cli-debug-'), 'dist')];
    const plain = await cli(args);
    expect(plain.stderr).not.toMatch(STACK_LINE);
    const debug = await cli([...args, '--debug']);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(STACK_LINE);
    expect(debug.stderr).toMatch(/\n\s+at .*mistakes-program\.ts:\d+/);
    // every refused field has its own stack
    expect(debug.stderr.match(/\nError: \[shop\/cache\] /g)).toHaveLength(2);
  });
});

describe('underlyingErrors', () => {
  test('follows causes, original and cause to the errors that have none, each once', () => {
    const a = new Error('a');
    const b = new Error('b');
    const c = new Error('c', { cause: b });
    const stages = new StageProblems([{ stage: 'dev', messages: ['a', 'b'] }], [new ConstructionProblems([a, c])]);
    const failed = Object.assign(new Error('synth failed'), { original: stages, causes: [a] });
    expect(underlyingErrors(failed)).toEqual([a, b]);
    const plain = new Error('plain');
    expect(underlyingErrors(plain)).toEqual([plain]);
    expect(underlyingErrors('text')[0].message).toBe('text');
  });
});

describe('a program with its own copy of the library', () => {
  test('its constructors collect too, since the switch is an environment variable', async () => {
    const recorded: Error[] = [];
    const app = collectProblems(() => buildWithOwnCopy(), recorded) as App;
    const stores = app.node.findAll().filter((c) => c.constructor.name === 'RedisStateStore');
    expect(stores).toHaveLength(2);
    expect(stores.some((c) => c instanceof RedisStateStore)).toBe(false); // another copy's class
    expect(recorded.map((e) => e.message)).toEqual(MISTAKES);
    const r = await cli(['synth', '--app', 'test/cli/support/own-copy-program.ts#buildWithOwnCopy', '--outdir', path.join(tempDir('cli-own-copy-'), 'dist')]);
    expect(r.code).toBe(1);
    for (const m of MISTAKES) expect(r.stderr).toContain(`\n  ${m}\n`);
  });
});
