import * as fs from 'fs';
import * as path from 'path';
import { collectProblems, ConstructionProblems } from '../core/errors';
import { AppGraph } from '../graph/app-graph';

/**
 * What the CLI needs to know about one declared secret. Read by shape rather than by class, because the
 * program may load its own copy of the library (TypeScript sources through tsx, or another version
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
  /** For sealed delivery with a `certificate` option: the absolute path of the controller certificate. */
  readonly certificate?: string;
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

/** The project a command runs in: the folder its defaults are resolved against. */
export interface ProjectRoot {
  /** Absolute path of the folder. */
  readonly dir: string;
  /** Its package.json, when there is one. */
  readonly packageJson?: string;
  /** `"dapr-secure": { "app": ... }` of that package.json, when set (relative to `dir`). */
  readonly app?: string;
}

/**
 * The project that `cwd` lies in, found as npm finds the package of `npm run`: the nearest folder at or
 * above `cwd` whose package.json has the `"dapr-secure"` field, else the nearest folder with a
 * package.json, else `cwd` itself. So a command run from a subdirectory (`cd app && npx dapr-secure seal`)
 * uses the same program, sealed file and certificate as one run from the project folder.
 */
export function findProjectRoot(cwd: string): ProjectRoot {
  let nearest: string | undefined;
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const pkgFile = path.join(dir, 'package.json');
    if (fs.existsSync(pkgFile)) {
      nearest ??= pkgFile;
      const pkg = readPackageJson(pkgFile);
      if (pkg !== null && typeof pkg === 'object' && Object.prototype.hasOwnProperty.call(pkg, PACKAGE_JSON_FIELD)) {
        return { dir, packageJson: pkgFile, app: appOf(pkg, pkgFile) };
      }
    }
    if (path.dirname(dir) === dir) break;
  }
  return nearest === undefined ? { dir: path.resolve(cwd) } : { dir: path.dirname(nearest), packageJson: nearest };
}

function readPackageJson(pkgFile: string): any {
  try {
    return JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  } catch {
    throw new Error(`${pkgFile} is not valid JSON. Fix: repair it, or pass --app <module>`);
  }
}

function appOf(pkg: any, pkgFile: string): string | undefined {
  const field = pkg[PACKAGE_JSON_FIELD];
  const app = field !== null && typeof field === 'object' ? field.app : undefined;
  if (app === undefined) return undefined;
  if (typeof app !== 'string' || app === '') {
    throw new Error(`"${PACKAGE_JSON_FIELD}.app" in ${pkgFile} must be a module path such as "app/main.ts#buildApp"`);
  }
  return app;
}

/**
 * Loads the program module named by `spec` (`<module>[#<export>]`, resolved against `cwd`) and returns
 * every declared secret of the app it builds. A program whose constructors refuse anything fails with
 * every problem at once (`ConstructionProblems`).
 *
 * The export is a cdk8s App (or any construct) or a function that builds one when called with no
 * arguments. Without `#<export>`, the module's default export is used, else its only export whose name
 * starts with `build`, else its only export that is a construct. The module must only build the app, not
 * synthesize it. TypeScript modules are loaded through tsx when Node cannot load them itself: it strips the
 * types without type-checking, so it needs neither compiler options nor a particular TypeScript version
 * (`tsc --noEmit` or the user's own synth checks the types).
 *
 * The app is built with `projectDir` as the current directory, as `npm run synth` builds it, so relative
 * paths in the program (such as a sealed delivery's `sealedFile` and `certificate`) mean what they mean
 * at synth.
 *
 * @param projectDir the project folder (default `cwd`)
 */
export function loadDeclarations(spec: string, cwd: string, projectDir: string = cwd): ProgramDeclarations {
  const refused: Error[] = [];
  const roots = collectProblems(() => {
    const built = loadProgram(spec, cwd, projectDir);
    // A stage set declares the secrets of every stage.
    return isStageSetLike(built) ? withCwd(projectDir, () => built.stages.map((s: any) => s.build())) : [built];
  }, refused);
  if (refused.length > 0) throw new ConstructionProblems(refused);
  const secrets = roots.flatMap(declaredSecretsOf).map((s: any): SecretDeclaration => ({
    path: s.node.path,
    namespace: s.namespace,
    name: s.secretName,
    keys: [...s.keys],
    deliveryKind: s.delivery.kind,
    sealedFile: s.delivery.kind === 'sealed' && typeof s.delivery.sealedFile === 'string' ? s.delivery.sealedFile : undefined,
    certificate: s.delivery.kind === 'sealed' && typeof s.delivery.certificate === 'string' ? s.delivery.certificate : undefined,
    scope: s.delivery.kind === 'sealed' && typeof s.delivery.scope === 'string' ? s.delivery.scope : undefined,
  }));
  return { source: spec, secrets };
}

/**
 * Loads the program module named by `spec` (see `loadDeclarations`) and returns what its export builds: a
 * construct (normally a cdk8s App) or a stage set (an object with `stages` and `select`, see `StageSet`).
 * Built with `projectDir` as the current directory, as `npm run synth` builds it. The one place the CLI
 * loads a user's program.
 */
export function loadProgram(spec: string, cwd: string, projectDir: string = cwd): any {
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
  let chosen: { name: string; value: unknown };
  const built = withCwd(projectDir, () => {
    const mod = require(resolved);
    chosen = chooseExport(mod, exportName, modulePath, fix);
    return typeof chosen.value === 'function' ? chosen.value() : chosen.value;
  });
  if (!isConstruct(built) && !isStageSetLike(built)) {
    throw new Error(`${modulePath}#${chosen!.name} ${typeof chosen!.value === 'function' ? 'returned' : 'is'} no construct. Fix: ${fix}`);
  }
  return built;
}

/** Runs `fn` with `dir` as the current directory. */
export function withCwd<T>(dir: string, fn: () => T): T {
  const previous = process.cwd();
  process.chdir(dir);
  try {
    return fn();
  } finally {
    process.chdir(previous);
  }
}

/** A `StageSet` of any copy of the library, by shape. */
export function isStageSetLike(x: unknown): x is { stages: Array<{ name: string; namespace: string; production?: boolean; build(): any }>; select(names?: readonly string[]): any[]; names: string[] } {
  return typeof x === 'object' && x !== null && Array.isArray((x as any).stages) && typeof (x as any).select === 'function'
    && (x as any).stages.every((s: any) => typeof s?.name === 'string' && typeof s?.build === 'function');
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

/** Lets Node's own loader read `.ts` through tsx; a no-op under loaders that already do (Jest, ts-node, tsx). */
function registerTypeScriptIfNeeded(file: string): void {
  const isTs = /\.[cm]?tsx?$/.test(file) || (!fs.existsSync(file) && !fs.existsSync(`${file}.js`) && fs.existsSync(`${file}.ts`));
  // Node's loader lists .js; Jest's module registry leaves require.extensions empty and compiles .ts itself.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (isTs && require.extensions['.js'] && !require.extensions['.ts']) require('tsx/cjs/api').register();
}

function isConstruct(x: unknown): x is { node: { root: { node: { findAll(): unknown[] } } } } {
  return typeof x === 'object' && x !== null && typeof (x as any).node?.findAll === 'function' && (x as any).node?.root !== undefined;
}

/**
 * The declared secrets of the App `root` belongs to, from its app graph (found under a global symbol, so
 * also when the program loaded its own copy of the library), in tree order. An App with no graph declares
 * nothing.
 */
function declaredSecretsOf(root: any): any[] {
  const graph = AppGraph.peek(root.node.root) as { secrets?: unknown } | undefined;
  const secrets = graph?.secrets;
  return Array.isArray(secrets) ? secrets.filter(isDeclaredSecretLike) : [];
}

function isDeclaredSecretLike(c: any): boolean {
  return typeof c?.secretName === 'string' && typeof c.namespace === 'string' && Array.isArray(c.keys)
    && typeof c.delivery?.kind === 'string' && typeof c.delivery?.bind === 'function';
}
