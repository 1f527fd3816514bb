import { CANARY_PREFIX } from '../scan/canary';
import { scanTree } from '../scan/scan-files';
import { scanPaths } from '../scanner/files';
import { formatScanFinding } from '../scanner/format';

/**
 * What the credential checks find in a synthesized folder, one readable line each (never a value): test
 * canaries in any encoding (in every file), and everything the manifest scanner reports in its YAML and JSON
 * files (`scanPaths`: Secrets with data, Dapr fields that need a secretKeyRef, env literals, URLs and
 * connection strings with a password, private keys, known token formats), with file:line:column relative
 * to `dir`. A file that is not valid YAML is reported too. The one function `check` calls.
 */
export async function scanOutput(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const leak of scanTree(dir, { canary: CANARY_PREFIX })) {
    out.push(`${leak.file}: a test canary (${leak.encoding}) at byte ${leak.index}`);
  }
  const result = await scanPaths([dir], { cwd: dir });
  for (const e of result.errors) out.push(`${e.file}${e.line === undefined ? '' : `:${e.line}:${e.column}`}: not valid YAML: ${e.message}`);
  for (const f of result.findings) out.push(formatScanFinding(f));
  return out;
}
