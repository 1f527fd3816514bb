/**
 * The bad-input corpus (support/corpus.ts): every mistake is refused with its own message, on one line that
 * names the construct path, the field and a fix, never shows a planted credential and carries no stack
 * trace, from renderApp, from the Pulumi renderer's plan, and from `dapr-secure synth`, which leaves the
 * committed dist/ untouched.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PassThrough } from 'stream';
import { renderApp } from '../../lib';
import { main } from '../../lib/cli';
import { planPulumiRender } from '../../lib/pulumi';
import { copyProject, readTree } from '../support/project-copy';
import { CORPUS, corpusApp, CorpusCase, PLANTED } from './support/corpus';

/** The error `fn` throws, as text; fails when nothing is thrown. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('accepted silently');
}

/** The line of `text` that reports case `c`: its path, field, message and a fix. */
function lineFor(c: CorpusCase, text: string): string | undefined {
  return text.split('\n').find((l) => l.includes(`[${c.path}] `) && l.includes(c.field) && (typeof c.message === 'string' ? l.includes(c.message) : c.message.test(l)) && l.includes(' Fix: '));
}

function expectReported(c: CorpusCase, text: string): void {
  const line = lineFor(c, text);
  expect({ case: c.name, reported: line !== undefined, text: line === undefined ? text : '' }).toEqual({ case: c.name, reported: true, text: '' });
  expect(line!.indexOf(`[${c.path}] `)).toBeLessThan(line!.indexOf(c.field));
  expect(text).not.toContain(PLANTED);
  expect(text).not.toMatch(/\n\s+at /);
}

test('the corpus has at least 60 cases, each named once', () => {
  expect(CORPUS.length).toBeGreaterThanOrEqual(60);
  expect(new Set(CORPUS.map((c) => c.name)).size).toBe(CORPUS.length);
});

describe('renderApp (cdk8s synth) refuses', () => {
  test.each(CORPUS.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expectReported(c, refusal(() => renderApp(corpusApp(c))));
  });
});

describe('the Pulumi renderer refuses the same way', () => {
  const cdk8sOnly = new Set(['cdk8s synth of a Pulumi config delivery']);
  test.each(CORPUS.filter((c) => !cdk8sOnly.has(c.name)).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expectReported({ ...c, ...c.pulumi }, refusal(() => planPulumiRender(corpusApp(c))));
  });
});

describe('dapr-secure synth', () => {
  const PROGRAM = `${path.join(__dirname, 'support', 'corpus-program.ts')}#corpusProgram`;
  let project: string;
  let before: Record<string, string>;

  beforeAll(() => {
    project = copyProject();
    before = readTree(path.join(project, 'dist'));
  });

  afterAll(() => {
    delete process.env.DSC_CORPUS_CASE;
  });

  test.each(CORPUS.map((c) => [c.name, c] as const))('%s: exit 1, the message without a stack trace, dist/ unchanged', async (_name, c) => {
    process.env.DSC_CORPUS_CASE = c.name;
    let stdout = '';
    let stderr = '';
    const stdin = new PassThrough();
    stdin.end();
    const code = await main(['synth', '--app', PROGRAM], { cwd: project, stdin, stdout: { write: (t: string) => { stdout += t; } }, stderr: { write: (t: string) => { stderr += t; } }, env: {} });
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expectReported(c, stderr);
    expect(readTree(path.join(project, 'dist'))).toEqual(before);
    expect(fs.readdirSync(project).filter((f) => f.startsWith('dist') && f !== 'dist')).toEqual([]);
  });
});
