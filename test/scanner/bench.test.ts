import { benchScanner, formatScannerBench, generatedManifest } from '../../scripts/bench-scanner';
import { scanManifestsSync } from '../../lib/scanner';

describe('scripts/bench-scanner', () => {
  test('the generated manifests are valid YAML, and only every tenth holds a (planted) leak', () => {
    expect(scanManifestsSync(generatedManifest(0)).findings.map((f) => [f.rule, f.object])).toEqual([['k8s-secret-string-data', 'Secret team-0/app-0-legacy']]);
    for (const i of [1, 7, 13]) expect(scanManifestsSync(generatedManifest(i))).toMatchObject({ findings: [], errors: [] });
  });

  test('benchScanner scans the whole set and reports both throughputs', async () => {
    const r = await benchScanner({ files: 20, runs: 1 });
    expect(r).toMatchObject({ files: 20, findings: 2 });
    expect(r.megabytes).toBeGreaterThan(0.1);
    expect(formatScannerBench(r)).toMatch(/bare YAML parse .* MB\/s\n.*dapr-secure scan .* MB\/s\n.*x \(target: 1\.5x or less\)$/);
  });
});
