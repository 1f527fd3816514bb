import * as fs from 'fs';
import * as path from 'path';

/** This library's version, from its package.json (found above this file, in the sources and in build/). */
export function libraryVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (pkg.name === 'dapr-secure-constructs') return String(pkg.version);
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
