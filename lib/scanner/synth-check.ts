import type { IConstruct } from 'constructs';
import { AppGraph, RenderTarget } from '../graph/app-graph';
import type { RuleId } from './rules';
import { scanManifestsSync } from './scan';

/**
 * Rules synth runs through the scanner. The others have a counterpart among synth's own checks, which
 * report them already: env literals, `dapr.io/env`, URLs and connection strings with a password (the
 * plain-value validation) and a Component's sensitive field with a plain value (`plainSensitiveMetadata`).
 * Token formats need secretlint, which is asynchronous; `check` and `scan` run them.
 */
const SYNTH_RULES: ReadonlySet<RuleId> = new Set(['k8s-secret-data', 'k8s-secret-string-data', 'dapr-plain-sensitive-value', 'private-key']);

/** Rules about v1 Secrets, which a Pulumi render refuses in a chart with advice of its own (PulumiConfigDelivery). */
const SECRET_RULES: ReadonlySet<RuleId> = new Set(['k8s-secret-data', 'k8s-secret-string-data']);

/**
 * What the scanner finds in one rendered object, for synth (which then refuses to write): one line per
 * finding, `field: problem (rule ..., the value is not shown). Fix: ...`. `app`, when given, tells a
 * Pulumi render (which reports Secrets itself) from a cdk8s one.
 */
export function renderedObjectFindings(obj: unknown, app?: IConstruct): string[] {
  const component = (obj as any)?.kind === 'Component';
  const graph = app ? AppGraph.peek(app.node.root) : undefined;
  const pulumi = graph instanceof AppGraph && graph.renderContext?.target === RenderTarget.PULUMI;
  return scanManifestsSync([obj]).findings
    .filter((f) => SYNTH_RULES.has(f.rule) && !(component && f.rule === 'dapr-plain-sensitive-value') && !(pulumi && SECRET_RULES.has(f.rule)))
    .map((f) => `${f.field}: ${f.problem} (rule ${f.rule}, the value is not shown). Fix: ${f.fix}`);
}
