import { referenceVariants } from './app/task-api';
import { synthesize } from './lib';

try {
  const files = synthesize(referenceVariants(), { outdir: 'dist', mirrorDir: process.env.CDK8S_OUTDIR });
  for (const f of files) console.log(`  dist/${f.path}`);
} catch (e) {
  console.error(`synth failed; dist/ was left as it was.\n${(e as Error).message}`);
  process.exitCode = 1;
}
