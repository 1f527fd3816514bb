import { taskApiStages } from './app/stages';
import { synthesizeStages, UnknownStageError } from './lib';
import { parseOptions, UsageError } from './lib/cli/args';
import { stageNames } from './lib/cli/synth';

// npm run synth [-- --stage prod[,dev]]: every stage by default, and dist/ is then replaced whole.
try {
  const stages = stageNames(parseOptions(process.argv.slice(2), { withValue: ['stage'], flags: [] }).stage);
  const written = synthesizeStages(taskApiStages(), { outdir: 'dist', stages, mirrorDir: process.env.CDK8S_OUTDIR });
  for (const f of written.files) console.log(`  dist/${f.path}`);
} catch (e) {
  console.error(`synth failed; dist/ was left as it was.\n${(e as Error).message}`);
  process.exitCode = e instanceof UnknownStageError || e instanceof UsageError ? 2 : 1;
}
