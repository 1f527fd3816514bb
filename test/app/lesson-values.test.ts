import { execFileSync } from 'child_process';
import { hash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..', '..');

/**
 * The lesson's example credentials (the API key and secret, the Redis password, the notification key) and
 * their base64, known here only by length and SHA-256, so this test cannot itself put them in the repository.
 */
const FORBIDDEN = [
  { length: 17, sha256: '8a6adcc8c9ef6f68bb7d450b735eb2971a529447967e79acb5855d08e4d7e37f' },
  { length: 23, sha256: '25141652774880dc6737ae2a4057bfe15fc2c51df804d0b2a8ac1877823b3645' },
  { length: 19, sha256: 'b8114c1cba5232e4af1671e30ce75be937ec0727c40ad57c2460a9797bd333ae' },
  { length: 26, sha256: '9ce5ab638de3809b110644e0be5aff3b1c2ffc35f6ba508b9af06c641876433a' },
  { length: 17, sha256: '10e5e66e5164f997e5c4694dbfd6723e57077f728ffb6d94cbb8b9427babaa3c' },
  { length: 23, sha256: '5fa9e2f3f011eff43263af404666c49ebc92169f6533d8fc473a81da72bbb5fc' },
  { length: 16, sha256: '05ce90efa1b6ba70888cb7d652dff07c455ad50630d07d4dce53e83a3da4aae4' },
  { length: 22, sha256: '2392e200f9ef871b8c377579694d01fdd1364b49184c4dc0581eedd98a2f0a2b' },
];

function repositoryFiles(): string[] {
  try {
    return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' })
      .split('\n').filter((f) => f && fs.existsSync(path.join(REPO, f)));
  } catch {
    return [];
  }
}

/** Files holding any forbidden value, found by hashing every window of the right length inside word-like runs. */
function filesWithForbiddenValues(files: string[]): string[] {
  const lengths = [...new Set(FORBIDDEN.map((f) => f.length))];
  const hashes = new Set(FORBIDDEN.map((f) => f.sha256));
  const hits: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(REPO, file), 'latin1');
    let found = false;
    for (const run of text.match(/[A-Za-z0-9+/=_-]{16,}/g) ?? []) {
      for (const len of lengths) {
        for (let i = 0; i + len <= run.length && !found; i++) {
          if (hashes.has(hash('sha256', run.slice(i, i + len)))) found = true;
        }
      }
      if (found) break;
    }
    if (found) hits.push(file);
  }
  return hits;
}

describe('the repository', () => {
  test('holds none of the lesson\'s example credential values, nor their base64', () => {
    const files = repositoryFiles();
    expect(files.length).toBeGreaterThan(20);
    expect(filesWithForbiddenValues(files)).toEqual([]);
  });

  test('the check finds a planted value', () => {
    const dir = fs.mkdtempSync(path.join(REPO, '.lesson-check-'));
    try {
      const planted = path.join(dir, 'planted.txt');
      const value = ['redis', 'secret', 'pass'].join('-');
      fs.writeFileSync(planted, `password: ${value}\n`);
      expect(filesWithForbiddenValues([path.relative(REPO, planted)])).toEqual([path.relative(REPO, planted)]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
