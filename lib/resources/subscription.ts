import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { embeddedCredential } from '../components/catalog/check';
import { looksLikeCredential } from '../components/catalog/sensitive-rules';
import type { IDaprComponent } from '../components/dapr-component';
import { describeProblem, fieldError, refuse, show } from '../core/errors';
import { DaprResource, DaprResourceOptions } from './dapr-resource';

/** A routing rule: events matching the CEL expression go to `path`. */
export interface SubscriptionRule {
  /** CEL expression over the CloudEvent, such as `event.type == "task.created"`. */
  readonly match: string;
  /** The app's path for matching events, such as `/tasks/created`. */
  readonly path: string;
}

/** Bulk delivery. */
export interface SubscriptionBulk {
  /** `maxMessagesCount`. @default - daprd's default (100) */
  readonly maxMessagesCount?: number;
  /** `maxAwaitDurationMs`. @default - daprd's default (1s) */
  readonly maxAwaitDuration?: Duration;
}

/** A Dapr pub/sub component: one whose `spec.type` is `pubsub.*`, such as a `KafkaPubSub` or `RabbitmqPubSub`. */
export interface IPubSubComponent extends IDaprComponent {
  readonly componentType: `pubsub.${string}`;
}

/** Props of a declarative Subscription. */
export interface SubscriptionProps extends DaprResourceOptions {
  /** The pub/sub component the topic lives in (a `pubsub.*` component, such as a `KafkaPubSub`). */
  readonly pubsub: IPubSubComponent;
  /** `spec.topic`. */
  readonly topic: string;
  /** `spec.routes.default`: the app's path for events no rule matches. @default - none (give rules) */
  readonly defaultRoute?: string;
  /** `spec.routes.rules`, tested in order. @default - none */
  readonly rules?: SubscriptionRule[];
  /** `spec.deadLetterTopic`: where events the app fails go. @default - none */
  readonly deadLetterTopic?: string;
  /** `spec.metadata`: plain pub/sub options. @default - none */
  readonly metadata?: { readonly [name: string]: string };
  /** `spec.bulkSubscribe`, enabled when given. @default - one event per call */
  readonly bulk?: SubscriptionBulk;
}

/**
 * A declarative Dapr Subscription (`dapr.io/v2alpha1`): the apps that load it receive `topic` of `pubsub`
 * on their routes. Each app that loads it must load the pub/sub component too.
 */
export class Subscription extends DaprResource {
  public readonly pubsub: IPubSubComponent;
  public readonly topic: string;
  private readonly spec: Record<string, unknown>;

  public constructor(scope: Construct, id: string, props: SubscriptionProps) {
    super(scope, id, 'Subscription', 'dapr.io/v2alpha1', props);
    const pubsub = props.pubsub as Partial<IPubSubComponent> | undefined;
    if (!pubsub || typeof pubsub.componentType !== 'string' || !pubsub.componentType.startsWith('pubsub.')) {
      throw fieldError(this, {
        field: 'pubsub',
        problem: `expected a pub/sub component construct, got ${typeof pubsub?.componentType === 'string' ? `a ${pubsub.componentType} component` : show(pubsub)}`,
        fix: 'pass the pub/sub construct itself, such as pubsub: kafkaPubSub',
      });
    }
    this.pubsub = props.pubsub;
    for (const [field, value] of [['topic', props.topic], ['defaultRoute', props.defaultRoute], ['deadLetterTopic', props.deadLetterTopic]] as const) {
      refuse(this, value !== undefined && (typeof value !== 'string' || value === '')
        ? { field, problem: `expected a non-empty string, got ${show(value)}`, fix: `pass ${field} as a string` }
        : undefined);
    }
    refuse(this, props.defaultRoute === undefined && (props.rules ?? []).length === 0
      ? { field: 'defaultRoute', problem: 'the subscription has no route', fix: "pass defaultRoute: '/path', or rules: [{ match, path }]" }
      : undefined);
    // Refused rules and metadata entries are left out: an entry may hold a credential.
    const rules = (props.rules ?? []).filter((r, i) => !refuse(this,
      typeof r?.match !== 'string' || r.match === '' || typeof r.path !== 'string' || !r.path.startsWith('/')
        ? { field: `rules[${i}]`, problem: 'a rule needs a CEL match expression and a path starting with "/"', fix: "pass { match: 'event.type == \"x\"', path: '/x' }" }
        : undefined));
    const metadata = Object.entries(props.metadata ?? {}).filter(([name, value]) => !refuse(this,
      typeof value !== 'string' || looksLikeCredential(name) || embeddedCredential(value)
        ? {
          field: `spec.metadata[${name}]`,
          problem: typeof value !== 'string' ? `expected a string, got ${show(value)}` : 'a Subscription\'s metadata is plain text, and this entry looks like a credential (the value is not shown)',
          fix: 'keep credentials in the pub/sub component, from a secret',
        }
        : undefined));
    this.topic = props.topic;
    const bulk = props.bulk;
    this.spec = {
      pubsubname: this.pubsub.componentName,
      topic: props.topic,
      routes: { default: props.defaultRoute, rules: rules.length ? rules.map((r) => ({ match: r.match, path: r.path })) : undefined },
      deadLetterTopic: props.deadLetterTopic,
      metadata: metadata.length ? Object.fromEntries(metadata) : undefined,
      bulkSubscribe: bulk ? { enabled: true, maxMessagesCount: bulk.maxMessagesCount, maxAwaitDurationMs: bulk.maxAwaitDuration?.toMilliseconds() } : undefined,
    };
  }

  protected renderSpec(): Record<string, unknown> {
    return this.spec;
  }

  protected validateResource(): string[] {
    const problems: string[] = [];
    if (!this.spec) return problems; // the constructor refused the props
    if (this.pubsub.namespace !== this.namespace) {
      problems.push(describeProblem({
        field: 'spec.pubsubname',
        problem: `pub/sub ${show(this.pubsub.componentName)} is in namespace ${show(this.pubsub.namespace)}, but the Subscription is in ${show(this.namespace)}`,
        fix: 'declare the Subscription in the namespace of its pub/sub component',
      }));
    }
    for (const app of this.consumers()) {
      if (!app.loadedComponents().includes(this.pubsub)) {
        problems.push(describeProblem({
          field: 'spec.pubsubname',
          problem: `app ${show(app.appId)} loads this Subscription but not its pub/sub ${show(this.pubsub.componentName)}, so daprd never delivers the topic`,
          fix: 'load the pub/sub component in the same app (components: [pubsub, subscription])',
        }));
      }
    }
    return problems;
  }
}
