import * as path from 'path';
import * as ts from 'typescript';

/** The repository's root folder. */
export const REPO = path.resolve(__dirname, '..', '..');

/**
 * A compiler host that parses each file once for every program made with it (the project's, pulumi/'s, the
 * consumers'), as `tsc` would parse it for each of them.
 */
export function sharedCompilerHost(): (options: ts.CompilerOptions) => ts.CompilerHost {
  const parsed = new Map<string, ts.SourceFile | undefined>();
  return (options) => {
    const host = ts.createCompilerHost(options);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, version, onError, shouldCreate) => {
      const key = `${typeof version === 'object' ? `${version.languageVersion}/${version.impliedNodeFormat}` : version}:${path.resolve(fileName)}`;
      if (shouldCreate || !parsed.has(key)) parsed.set(key, read(fileName, version, onError, shouldCreate));
      return parsed.get(key);
    };
    return host;
  };
}

/** The root files and options of a tsconfig file, with `overrides` applied. */
export function readProject(tsconfig: string, overrides: ts.CompilerOptions = {}): { rootNames: string[]; options: ts.CompilerOptions } {
  const config = ts.getParsedCommandLineOfConfigFile(tsconfig, overrides, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(formatDiagnostics([d])); } });
  if (!config) throw new Error(`cannot read ${tsconfig}`);
  if (config.errors.length > 0) throw new Error(formatDiagnostics(config.errors));
  return { rootNames: config.fileNames, options: config.options };
}

/** Diagnostics as `tsc` prints them (file(line,col): error TSnnnn: message), one per line; '' for none. */
export function formatDiagnostics(diagnostics: readonly ts.Diagnostic[], cwd = REPO): string {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => cwd,
    getNewLine: () => '\n',
  }).trim();
}
