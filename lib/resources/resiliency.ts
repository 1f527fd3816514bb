import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import type { IComponentConsumer, IDaprComponent } from '../components/dapr-component';
import { goDuration } from '../core/duration';
import { describeProblem, fieldError, refuse, show } from '../core/errors';
import { DaprResource, DaprResourceOptions } from './dapr-resource';

/** `policy` of a retry. */
export enum RetryPolicy {
  CONSTANT = 'constant',
  EXPONENTIAL = 'exponential',
}

/** A named retry policy. */
export interface ResiliencyRetry {
  /** `policy`. */
  readonly policy: RetryPolicy;
  /** `duration`: the wait between retries (constant) or the first wait (exponential). @default - daprd's default (5s / 500ms) */
  readonly duration?: Duration;
  /** `maxInterval` (exponential). @default - daprd's default (60s) */
  readonly maxInterval?: Duration;
  /** `maxRetries`; -1 retries forever. @default - daprd's default (-1) */
  readonly maxRetries?: number;
  /** `matching.httpStatusCodes`, such as `"429,500-599"`. @default - daprd's default */
  readonly httpStatusCodes?: string;
  /** `matching.gRPCStatusCodes`, such as `"1-4,8-11"`. @default - daprd's default */
  readonly grpcStatusCodes?: string;
}

/** A named circuit breaker. */
export interface ResiliencyCircuitBreaker {
  /** `trip`: CEL expression, such as `consecutiveFailures > 5`. */
  readonly trip: string;
  /** `maxRequests` allowed while half-open. @default 1 */
  readonly maxRequests?: number;
  /** `interval`: the cyclic period that clears counts. @default - counts are never cleared */
  readonly interval?: Duration;
  /** `timeout`: how long the breaker stays open. @default - daprd's default (60s) */
  readonly timeout?: Duration;
}

/** The policies a target applies, by name. */
export interface ResiliencyPolicyRefs {
  /** A name in `timeouts`. @default - none */
  readonly timeout?: string;
  /** A name in `retries`. @default - none */
  readonly retry?: string;
  /** A name in `circuitBreakers`. @default - none */
  readonly circuitBreaker?: string;
}

/** Policies for calls to an app (service invocation). */
export interface ResiliencyAppTarget extends ResiliencyPolicyRefs {
  /** The app called: a `DaprApp`. */
  readonly app: IComponentConsumer;
}

/** Policies for calls to and from a component. */
export interface ResiliencyComponentTarget {
  /** The component: a construct, such as a `RedisStateStore`. */
  readonly component: IDaprComponent;
  /** Calls from the sidecar to the component. @default - none */
  readonly outbound?: ResiliencyPolicyRefs;
  /** Calls from the component to the app (pub/sub delivery, input bindings). @default - none */
  readonly inbound?: ResiliencyPolicyRefs;
}

/** Props of a Resiliency. */
export interface ResiliencyProps extends DaprResourceOptions {
  /** `spec.policies.timeouts`, by name. @default - none */
  readonly timeouts?: { readonly [name: string]: Duration };
  /** `spec.policies.retries`, by name. @default - none */
  readonly retries?: { readonly [name: string]: ResiliencyRetry };
  /** `spec.policies.circuitBreakers`, by name. @default - none */
  readonly circuitBreakers?: { readonly [name: string]: ResiliencyCircuitBreaker };
  /** `spec.targets.apps`. @default - none */
  readonly apps?: ResiliencyAppTarget[];
  /** `spec.targets.components`. @default - none */
  readonly components?: ResiliencyComponentTarget[];
}

const sorted = <T>(o: { readonly [k: string]: T } | undefined): Array<[string, T]> => Object.entries(o ?? {}).sort(([a], [b]) => a.localeCompare(b));

/**
 * A Dapr Resiliency (`dapr.io/v1alpha1`): named timeouts, retries and circuit breakers, and the apps and
 * components they apply to, referenced as constructs. Policy names a target uses must exist.
 */
export class Resiliency extends DaprResource {
  private readonly props: ResiliencyProps;

  public constructor(scope: Construct, id: string, props: ResiliencyProps) {
    super(scope, id, 'Resiliency', 'dapr.io/v1alpha1', props);
    for (const [name, r] of sorted(props.retries)) {
      // A retry is read as an object from here on.
      if (r === null || typeof r !== 'object') {
        throw fieldError(this, { field: `retries.${name}.policy`, problem: `${show(r)} is not a retry policy`, fix: 'use RetryPolicy.CONSTANT or RetryPolicy.EXPONENTIAL' });
      }
      refuse(this, Object.values(RetryPolicy).includes(r.policy)
        ? undefined
        : { field: `retries.${name}.policy`, problem: `${show(r.policy)} is not a retry policy`, fix: 'use RetryPolicy.CONSTANT or RetryPolicy.EXPONENTIAL' });
      refuse(this, r.maxRetries !== undefined && (!Number.isInteger(r.maxRetries) || r.maxRetries < -1)
        ? { field: `retries.${name}.maxRetries`, problem: `${show(r.maxRetries)} is not an integer of -1 or more`, fix: 'pass -1 (forever) or a count' }
        : undefined);
    }
    for (const [name, cb] of sorted(props.circuitBreakers)) {
      refuse(this, typeof cb?.trip !== 'string' || cb.trip.trim() === ''
        ? { field: `circuitBreakers.${name}.trip`, problem: 'a circuit breaker needs a trip expression', fix: "pass trip: 'consecutiveFailures > 5'" }
        : undefined);
    }
    // A refused target is left out: the validations and the spec read its construct.
    const apps = (props.apps ?? []).filter((t, i) => {
      const appId: unknown = (t?.app as Partial<IComponentConsumer> | undefined)?.appId;
      return !refuse(this, typeof appId !== 'string' || appId === ''
        ? { field: `apps[${i}].app`, problem: `expected a DaprApp construct, got ${show(t?.app)}`, fix: 'pass the app construct itself, such as apps: [{ app: ordersApp, retry: ... }]' }
        : undefined);
    });
    const components = (props.components ?? []).filter((t, i) => {
      const name: unknown = (t?.component as Partial<IDaprComponent> | undefined)?.componentName;
      return !refuse(this, typeof name !== 'string' || name === ''
        ? { field: `components[${i}].component`, problem: `expected a Dapr component construct, got ${show(t?.component)}`, fix: 'pass the component construct itself, such as components: [{ component: stateStore, outbound: ... }]' }
        : undefined);
    });
    refuse(this, (props.apps ?? []).length + (props.components ?? []).length === 0
      ? { field: 'apps', problem: 'the Resiliency has no target', fix: 'pass apps: [{ app, retry: ... }] or components: [{ component, outbound: { ... } }]' }
      : undefined);
    this.props = { ...props, apps, components };
  }

  protected renderSpec(): Record<string, unknown> {
    const p = this.props ?? {};
    const refs = (r: ResiliencyPolicyRefs | undefined) => (r ? { timeout: r.timeout, retry: r.retry, circuitBreaker: r.circuitBreaker } : undefined);
    const apps = Object.fromEntries((p.apps ?? []).map((t) => [t.app.appId, refs(t)]).sort(([a], [b]) => String(a).localeCompare(String(b))));
    const components = Object.fromEntries((p.components ?? []).map((t) => [t.component.componentName, { outbound: refs(t.outbound), inbound: refs(t.inbound) }]).sort(([a], [b]) => String(a).localeCompare(String(b))));
    return {
      policies: {
        timeouts: p.timeouts ? Object.fromEntries(sorted(p.timeouts).map(([n, d]) => [n, goDuration(d)])) : undefined,
        retries: p.retries ? Object.fromEntries(sorted(p.retries).map(([n, r]) => [n, {
          policy: r.policy,
          duration: r.duration ? goDuration(r.duration) : undefined,
          maxInterval: r.maxInterval ? goDuration(r.maxInterval) : undefined,
          maxRetries: r.maxRetries,
          matching: r.httpStatusCodes || r.grpcStatusCodes ? { httpStatusCodes: r.httpStatusCodes, gRPCStatusCodes: r.grpcStatusCodes } : undefined,
        }])) : undefined,
        circuitBreakers: p.circuitBreakers ? Object.fromEntries(sorted(p.circuitBreakers).map(([n, c]) => [n, {
          maxRequests: c.maxRequests,
          interval: c.interval ? goDuration(c.interval) : undefined,
          timeout: c.timeout ? goDuration(c.timeout) : undefined,
          trip: c.trip,
        }])) : undefined,
      },
      targets: { apps: Object.keys(apps).length ? apps : undefined, components: Object.keys(components).length ? components : undefined },
    };
  }

  protected validateResource(): string[] {
    const p = this.props;
    const problems: string[] = [];
    if (!p) return problems;
    const check = (where: string, r: ResiliencyPolicyRefs | undefined) => {
      for (const [kind, table] of [['timeout', p.timeouts], ['retry', p.retries], ['circuitBreaker', p.circuitBreakers]] as const) {
        const name = r?.[kind];
        if (name !== undefined && !(table && Object.prototype.hasOwnProperty.call(table, name))) {
          problems.push(describeProblem({
            field: `${where}.${kind}`,
            problem: `no ${kind} policy is named ${show(name)} (declared: ${Object.keys(table ?? {}).join(', ') || 'none'})`,
            fix: `declare it in ${kind === 'timeout' ? 'timeouts' : kind === 'retry' ? 'retries' : 'circuitBreakers'}, or use a declared name`,
          }));
        }
      }
    };
    for (const t of p.apps ?? []) check(`spec.targets.apps.${t.app.appId}`, t);
    for (const t of p.components ?? []) {
      check(`spec.targets.components.${t.component.componentName}.outbound`, t.outbound);
      check(`spec.targets.components.${t.component.componentName}.inbound`, t.inbound);
      if (t.component.namespace !== this.namespace) {
        problems.push(describeProblem({
          field: `spec.targets.components.${t.component.componentName}`,
          problem: `component ${show(t.component.componentName)} is in namespace ${show(t.component.namespace)}, but the Resiliency is in ${show(this.namespace)}`,
          fix: 'declare the Resiliency in the namespace of the components it targets',
        }));
      }
    }
    return problems;
  }
}
