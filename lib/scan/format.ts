import { Leak } from './find-leaks';
import { UnwrappedSecret } from './pulumi';
import { FileLeak } from './scan-files';

/**
 * Anything the scanners report.
 */
export type Finding = Leak | FileLeak | UnwrappedSecret;

/**
 * Describes a finding in one line, for an assertion message or a log.
 *
 * Uses only the canary's name, the encoding and the location, so the message
 * is safe to print:
 *
 * ```
 * canary "redis-password" found as base64@1 in out/app.k8s.yaml at byte 1234
 * canary "redis-password" found as json at spec.template.metadata.annotations["x"] (not wrapped as a Pulumi secret)
 * ```
 */
export function formatFinding(finding: Finding): string {
  const head = `canary ${JSON.stringify(finding.canary)} found as ${finding.encoding}`;
  if ('path' in finding) {
    const where = finding.path === '' ? '(root)' : finding.path;
    const what = finding.location === 'key' ? 'in the property name at' : 'at';
    return `${head} ${what} ${where} (not wrapped as a Pulumi secret)`;
  }
  if ('file' in finding) {
    return `${head} in ${finding.file} at byte ${finding.index}`;
  }
  return `${head} at index ${finding.index}`;
}

/**
 * Describes findings one per line; `''` when there are none.
 */
export function formatFindings(findings: readonly Finding[]): string {
  return findings.map(formatFinding).join('\n');
}
