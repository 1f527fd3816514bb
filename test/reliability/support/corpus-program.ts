import { CORPUS, corpusApp } from './corpus';

/** The corpus case named by DSC_CORPUS_CASE, as a program for `dapr-secure synth --app`. */
export function corpusProgram() {
  const c = CORPUS.find((x) => x.name === process.env.DSC_CORPUS_CASE);
  if (!c) throw new Error(`no corpus case ${JSON.stringify(process.env.DSC_CORPUS_CASE)}`);
  return corpusApp(c);
}
