import { App, Chart } from 'cdk8s';
import { defineStages, HttpEndpoint, KafkaAuth, KafkaPubSub, RedisStateStore, Subscription } from '../../../lib';

/** Every problem `buildMistakes` makes, as synth reports it (construct path, field, problem, fix). */
export const MISTAKES = [
  '[shop/cache] redisDB: expected a whole number of at least 0, got -1. Fix: pass a number such as redisDB: 1',
  '[shop/cache] enableTLS: expected true or false, got "yes". Fix: pass enableTLS: true or enableTLS: false (a boolean, not a string)',
  '[shop/sessions] ttlInSeconds: expected a whole number of at least -1, got -5. Fix: pass a number such as ttlInSeconds: -1',
  '[shop/notifications] baseUrl: "ftp://notifications.example.com" is not an http:// or https:// URL. Fix: pass the service\'s base URL, such as \'https://notifications.example.com\'',
  '[shop/orders] rules[0]: a rule needs a CEL match expression and a path starting with "/". Fix: pass { match: \'event.type == "x"\', path: \'/x\' }',
];

/** The chart of a program with several mistakes in different constructs; each construct is valid otherwise. */
function mistakes(app: App): void {
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  new RedisStateStore(chart, 'cache', { redisHost: 'redis:6379', redisDB: -1, enableTLS: 'yes' as unknown as boolean, unscoped: true });
  new RedisStateStore(chart, 'sessions', { redisHost: 'redis:6379', ttlInSeconds: -5, unscoped: true });
  new HttpEndpoint(chart, 'notifications', { baseUrl: 'ftp://notifications.example.com', unscoped: true });
  const pubsub = new KafkaPubSub(chart, 'events', { brokers: ['kafka:9092'], auth: KafkaAuth.none(), unscoped: true });
  new Subscription(chart, 'orders', { pubsub, topic: 'orders', rules: [{ match: 'event.type == "created"', path: 'created' }], unscoped: true });
}

/** A program (one App) with the mistakes of `MISTAKES`. */
export function buildMistakes(): App {
  const app = new App();
  mistakes(app);
  return app;
}

/** The same mistakes, then one a constructor cannot go on from (a Kafka pub/sub without authentication). */
export function buildMistakesThenStop(): App {
  const app = buildMistakes();
  new KafkaPubSub(Chart.of(app.node.findChild('shop')), 'broken', { brokers: ['kafka:9092'], auth: undefined as unknown as KafkaAuth, unscoped: true });
  return app;
}

/** Stages: `dev` has the mistakes, `prod` is fine. */
export function mistakeStages() {
  return defineStages(
    { name: 'dev', namespace: 'shop', build: buildMistakes },
    {
      name: 'prod',
      namespace: 'shop',
      production: true,
      build: () => {
        const app = new App();
        const chart = new Chart(app, 'shop', { namespace: 'shop' });
        new RedisStateStore(chart, 'cache', { redisHost: 'redis:6379', unscoped: true });
        return app;
      },
    },
  );
}

/** Returns a valid App, after building a refused construct in another App that synth never sees. */
export function buildBesideTheApp(): App {
  const scratch = new Chart(new App(), 'scratch', { namespace: 'shop' });
  new RedisStateStore(scratch, 'cache', { redisHost: 'redis:6379', redisDB: -1, unscoped: true });
  const app = new App();
  new RedisStateStore(new Chart(app, 'shop', { namespace: 'shop' }), 'cache', { redisHost: 'redis:6379', unscoped: true });
  return app;
}
