import * as fs from 'fs';
import * as path from 'path';

/**
 * What the CLI needs to know about one declared secret. Read by shape rather than by class, because the
 * program may load its own copy of the library (TypeScript sources through ts-node, or another version
 * from node_modules).
 */
export interface SecretDeclaration {
  /** Construct path, for messages. */
  readonly path: string;
  readonly namespace: string;
  readonly name: string;
  readonly keys: readonly string[];
  /** The delivery's kind, such as `sealed` or `out-of-band`. */
  readonly deliveryKind: string;
  /** For sealed delivery: the absolute path of its sealed file. */
  readonly sealedFile?: string;
  /** For sealed delivery: its scope. */
  readonly scope?: string;
}

/** The declarations of a program, and where they came from. */
export interface ProgramDeclarations {
  /** The `--app` spec as given, for messages. */
  readonly source: string;
  readonly secrets: readonly SecretDeclaration[];
}

/** The `package.json` field that names the program module when `--app` is left out. */
export const PACKAGE_JSON_FIELD = 'dapr-secure';

/**
 * The program module to read declarations from: `--app`, else `"dapr-secure": { "app": "..." }` in the
 * project's package.json, else undefined.
 */
export function appSpecFor(cwd: string, explicit?: string): string | undefined {
  if (explicit !== undefined) return explicit;
  const pkgFile = path.join(cwd, 'package.json');
  if (!fs.existsSync(pkgFile)) return undefined;
  let pkg: any;
  try {
    pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  } catch {
    throw new Error(`${pkgFile} is not valid JSON. Fix: repair it, or pass --app <module>`);
  }
  const app = pkg?.[PACKAGE_JSON_FIELD]?.app;
  if (app === undefined) return undefined;
  if (typeof app !== 'string' || app === '') {
    throw new Error(`"${PACKAGE_JSON_FIELD}.app" in ${pkgFile} must be a module path such as "app/main.ts#buildApp"`);
  }
  return app;
}

/**
 * Loads the program module named by `spec` (`<module>[#<export>]`, resolved against `cwd`) and returns
 * every declared secret of the app it builds.
 *
 * The export is a cdk8s App (or any construct) or a function that builds one when called with no
 * arguments. Without `#<export>`, the module's default export is used, else its only export whose name
 * starts with `build`, else its only export that is a construct. The module must only build the app, not
 * synthesize it. TypeScript modules are loaded through ts-node when Node cannot load them itself.
 */
export function loadDeclarations(spec: string, cwd: string): ProgramDeclarations {
  const hash = spec.lastIndexOf('#');
  const modulePath = hash < 0 ? spec : spec.slice(0, hash);
  const exportName = hash < 0 ? undefined : spec.slice(hash + 1);
  const file = path.resolve(cwd, modulePath);
  const fix = `pass --app <module>[#<export>] naming a module that exports a function building the cdk8s App (or the App itself), such as app/main.ts#buildApp`;

  let resolved: string;
  try {
    registerTypeScriptIfNeeded(file);
    resolved = require.resolve(file);
  } catch {
    throw new Error(`cannot find the program module ${modulePath} (from ${cwd}). Fix: ${fix}`);
  }
  const mod = require(resolved);
  const chosen = chooseExport(mod, exportName, modulePath, fix);
  const built = typeof chosen.value === 'function' ? chosen.value() : chosen.value;
  if (!isConstruct(built)) {
    throw new Error(`${modulePath}#${chosen.name} ${typeof chosen.value === 'function' ? 'returned' : 'is'} no construct. Fix: ${fix}`);
  }
  const secrets = built.node.root.node.findAll().filter(isDeclaredSecretLike).map((s: any): SecretDeclaration => ({
    path: s.node.path,
    namespace: s.namespace,
    name: s.secretName,
    keys: [...s.keys],
    deliveryKind: s.delivery.kind,
    sealedFile: s.delivery.kind === 'sealed' && typeof s.delivery.sealedFile === 'string' ? s.delivery.sealedFile : undefined,
    scope: s.delivery.kind === 'sealed' && typeof s.delivery.scope === 'string' ? s.delivery.scope : undefined,
  }));
  return { source: spec, secrets };
}

function chooseExport(mod: any, exportName: string | undefined, modulePath: string, fix: string): { name: string; value: unknown } {
  const exports = mod && typeof mod === 'object' ? mod : { default: mod };
  if (exportName !== undefined) {
    if (!(exportName in exports)) {
      throw new Error(`${modulePath} has no export ${JSON.stringify(exportName)} (exports: ${Object.keys(exports).join(', ') || 'none'}). Fix: ${fix}`);
    }
    return { name: exportName, value: exports[exportName] };
  }
  if (exports.default !== undefined) return { name: 'default', value: exports.default };
  const builders = Object.keys(exports).filter((k) => k.startsWith('build') && typeof exports[k] === 'function');
  if (builders.length === 1) return { name: builders[0], value: exports[builders[0]] };
  const constructs = Object.keys(exports).filter((k) => isConstruct(exports[k]));
  if (builders.length === 0 && constructs.length === 1) return { name: constructs[0], value: exports[constructs[0]] };
  throw new Error(`cannot tell which export of ${modulePath} builds the app (exports: ${Object.keys(exports).join(', ') || 'none'}). `
    + `Fix: name it, as in --app ${modulePath}#<export>`);
}

/** Lets Node's own loader read `.ts` through ts-node; a no-op under loaders that already do (Jest, ts-node). */
function registerTypeScriptIfNeeded(file: string): void {
  const isTs = /\.[cm]?tsx?$/.test(file) || (!fs.existsSync(file) && !fs.existsSync(`${file}.js`) && fs.existsSync(`${file}.ts`));
  // Node's loader lists .js; Jest's module registry leaves require.extensions empty and compiles .ts itself.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (isTs && require.extensions['.js'] && !require.extensions['.ts']) require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs', moduleResolution: 'node' } });
}

function isConstruct(x: unknown): x is { node: { root: { node: { findAll(): unknown[] } } } } {
  return typeof x === 'object' && x !== null && typeof (x as any).node?.findAll === 'function' && (x as any).node?.root !== undefined;
}

function isDeclaredSecretLike(c: any): boolean {
  return typeof c?.secretName === 'string' && typeof c.namespace === 'string' && Array.isArray(c.keys)
    && typeof c.delivery?.kind === 'string' && typeof c.delivery?.bind === 'function';
}
