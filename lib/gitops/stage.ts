import { App } from 'cdk8s';
import { isDnsLabel } from '../core/names';

/** One deployment environment of a program, such as `dev` or `prod`, synthesized into `dist/<name>/`. */
export interface Stage {
  /** Names the output folder `<outdir>/<name>/` and the `--stage` flag; a DNS-1123 label. */
  readonly name: string;
  /** The namespace the stage deploys to; synth writes a `Namespace` object for it. */
  readonly namespace: string;
  /**
   * A production stage refuses development-only stores and settings (see `developmentOnlyProblems`).
   * @default false
   */
  readonly production?: boolean;
  /** Builds the stage's cdk8s App (without synthesizing it). */
  readonly build: () => App;
}

/** The stages of one program, in the order they were defined. */
export class StageSet {
  /** True for a `StageSet` of any copy of this library (checked by shape). */
  public static isStageSet(x: unknown): x is StageSet {
    return typeof x === 'object' && x !== null && Array.isArray((x as any).stages) && typeof (x as any).select === 'function'
      && (x as any).stages.every((s: any) => typeof s?.name === 'string' && typeof s?.build === 'function');
  }

  public readonly stages: readonly Stage[];

  public constructor(stages: readonly Stage[]) {
    if (stages.length === 0) throw new Error('a StageSet needs at least one stage. Fix: pass stages such as { name: "dev", ... }');
    const seen = new Set<string>();
    for (const s of stages) {
      if (!isDnsLabel(s.name)) {
        throw new Error(`[stages] name: ${JSON.stringify(s.name)} names the output folder and must be a DNS-1123 label. Fix: use a name such as "dev" or "prod"`);
      }
      if (!isDnsLabel(s.namespace)) {
        throw new Error(`[stages/${s.name}] namespace: ${JSON.stringify(s.namespace)} is not a DNS-1123 label. Fix: use a namespace such as "task-api"`);
      }
      if (seen.has(s.name)) throw new Error(`[stages] name: ${JSON.stringify(s.name)} is defined twice. Fix: give each stage its own name`);
      seen.add(s.name);
    }
    this.stages = [...stages];
  }

  /** Stage names, in definition order. */
  public get names(): string[] {
    return this.stages.map((s) => s.name);
  }

  /**
   * The stages named in `names` (in definition order), or every stage when `names` is undefined or empty.
   * An unknown name is an error listing the known ones.
   */
  public select(names?: readonly string[]): Stage[] {
    if (names === undefined || names.length === 0) return [...this.stages];
    const unknown = names.filter((n) => !this.names.includes(n));
    if (unknown.length > 0) {
      throw new UnknownStageError(`unknown stage ${unknown.map((n) => JSON.stringify(n)).join(', ')}; known stages: ${this.names.join(', ')}`);
    }
    return this.stages.filter((s) => names.includes(s.name));
  }
}

/** A stage name that the program does not define. */
export class UnknownStageError extends Error {}

/** Shorthand for `new StageSet(stages)`. */
export function defineStages(...stages: Stage[]): StageSet {
  return new StageSet(stages);
}

/** A container image by tag or by digest. */
export type ImageReference =
  | { readonly repository: string; readonly tag: string }
  | { readonly repository: string; readonly digest: string };

/** The image reference as a pod spec writes it: `repo:tag` or `repo@sha256:…`. */
export function imageName(image: ImageReference): string {
  if (!/^[a-z0-9]([a-z0-9._\-/:]*[a-z0-9])?$/.test(image.repository) || /:[^/]*$/.test(image.repository.replace(/^[^/]+:\d+\//, ''))) {
    throw new Error(`image.repository: ${JSON.stringify(image.repository)} is not an image repository (lowercase, no tag). Fix: put the tag in image.tag or the digest in image.digest`);
  }
  if ('digest' in image) {
    if (!/^sha256:[0-9a-f]{64}$/.test(image.digest)) {
      throw new Error(`image.digest: ${JSON.stringify(image.digest)} is not a sha256 digest. Fix: use "sha256:" followed by 64 hex digits`);
    }
    return `${image.repository}@${image.digest}`;
  }
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(image.tag)) {
    throw new Error(`image.tag: ${JSON.stringify(image.tag)} is not an image tag. Fix: use letters, digits, "_", "." and "-", such as "1.0.0"`);
  }
  return `${image.repository}:${image.tag}`;
}
