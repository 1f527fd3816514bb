import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { plainSensitiveMetadata } from '../components/sensitive-fields';
import { CANARY_PREFIX } from '../scan/canary';
import { scanTree } from '../scan/scan-files';

/** Every file under `dir`, relative, sorted. */
function files(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...files(dir, p));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

/**
 * What the credential checks find in a synthesized folder, one readable line each (never a value):
 * test canaries in any encoding, plaintext `Secret` data, and sensitive Dapr metadata given as a plain
 * `value`. The one function `check` calls, so a fuller scanner can take its place.
 */
export function scanOutput(dir: string): string[] {
  const out: string[] = [];
  for (const leak of scanTree(dir, { canary: CANARY_PREFIX })) {
    out.push(`${leak.file}: a test canary (${leak.encoding}) at byte ${leak.index}`);
  }
  for (const file of files(dir).filter((f) => /\.ya?ml$/.test(f))) {
    let objects: any[];
    try {
      objects = parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map((d) => d.toJS());
    } catch {
      out.push(`${file}: not valid YAML`);
      continue;
    }
    for (const o of objects) {
      const id = `${o?.kind}/${o?.metadata?.name}`;
      if (o?.apiVersion === 'v1' && o.kind === 'Secret' && (o.data || o.stringData)) {
        out.push(`${file}: ${id} holds ${o.data ? 'data' : 'stringData'}, a credential in plaintext (base64 is not encryption). Fix: deliver it sealed, external or out of band`);
      }
      if (typeof o?.apiVersion === 'string' && o.apiVersion.startsWith('dapr.io/') && o.kind === 'Component') {
        for (const p of plainSensitiveMetadata(o)) out.push(`${file}: ${id} ${p.field}: ${p.problem}. Fix: ${p.fix}`);
      }
    }
  }
  return out;
}
