import { Construct } from 'constructs';
import { booleanProblem, enumProblem, integerProblem } from '../core/checks';
import { fieldError, refuse } from '../core/errors';
import { SecretKeyRef } from '../secrets/secret-key-ref';
import { DaprComponent, DaprComponentOptions } from './dapr-component';

/** `saslMechanism`. */
export enum SaslMechanism {
  PLAINTEXT = 'PLAINTEXT',
  SHA_256 = 'SHA-256',
  SHA_512 = 'SHA-512',
}

/** `initialOffset`: where a new consumer group starts. */
export enum InitialOffset {
  NEWEST = 'newest',
  OLDEST = 'oldest',
}

/** SASL password authentication. */
export interface KafkaPasswordAuthOptions {
  /** `saslUsername` as a plain value; give this or `usernameRef`. @default - none */
  readonly username?: string;
  /** `saslUsername` from a secret, as in the lesson; give this or `username`. @default - none */
  readonly usernameRef?: SecretKeyRef;
  /** `saslPassword`, only ever from a secret. */
  readonly password: SecretKeyRef;
  /** `saslMechanism`. @default SaslMechanism.PLAINTEXT */
  readonly mechanism?: SaslMechanism;
}

/** Mutual TLS authentication. */
export interface KafkaMtlsAuthOptions {
  /** `caCert`: PEM of the CA that signed the brokers' certificates (public). */
  readonly caCert: string;
  /** `clientCert`: PEM of the client certificate (public). */
  readonly clientCert: string;
  /** `clientKey`: the client's private key, only ever from a secret. */
  readonly clientKey: SecretKeyRef;
}

/** How Dapr authenticates to the Kafka brokers (`authType`). */
export class KafkaAuth {
  /** `authType: none`. */
  public static none(): KafkaAuth {
    return new KafkaAuth('none', (c) => c.addMetadata('authType', 'none'));
  }

  /** `authType: password`: SASL with the password from a secret. */
  public static password(options: KafkaPasswordAuthOptions): KafkaAuth {
    return new KafkaAuth('password', (c) => {
      const username = (options.username === undefined) === (options.usernameRef === undefined) ? {
        field: 'auth.username',
        problem: 'SASL authentication needs exactly one of username and usernameRef',
        fix: "pass username: 'name' or usernameRef: secret.keyRef('username')",
      } : undefined;
      const mechanism = enumProblem('auth.mechanism', options.mechanism, 'SaslMechanism', SaslMechanism);
      refuse(c, username, mechanism);
      c.addMetadata('authType', 'password');
      if (!username) {
        c.addMetadataIfDefined('saslUsername', options.username);
        c.addSecretMetadataIfDefined('saslUsername', options.usernameRef);
      }
      c.addSecretMetadata('saslPassword', options.password);
      if (!mechanism) c.addMetadata('saslMechanism', options.mechanism ?? SaslMechanism.PLAINTEXT);
    });
  }

  /** `authType: mtls`: client certificate, with the key from a secret. */
  public static mtls(options: KafkaMtlsAuthOptions): KafkaAuth {
    return new KafkaAuth('mtls', (c) => {
      c.addMetadata('authType', 'mtls');
      c.addMetadata('caCert', options.caCert);
      c.addMetadata('clientCert', options.clientCert);
      c.addSecretMetadata('clientKey', options.clientKey);
    });
  }

  private constructor(
    /** The `authType` value. */
    public readonly authType: string,
    private readonly apply: (c: DaprComponent) => void,
  ) {}

  /** Writes the auth fields into the component. @internal */
  public _bind(c: DaprComponent): void {
    this.apply(c);
  }
}

/** Props of a Kafka pub/sub. */
export interface KafkaPubSubProps extends DaprComponentOptions {
  /** `brokers`: `host:port` of each seed broker. */
  readonly brokers: string[];
  /** `authType` and its credentials. */
  readonly auth: KafkaAuth;
  /** `consumerGroup`. @default - daprd uses the app ID */
  readonly consumerGroup?: string;
  /** `clientID`. @default 'sarama' */
  readonly clientId?: string;
  /** `initialOffset`. @default InitialOffset.NEWEST */
  readonly initialOffset?: InitialOffset;
  /** `version`: Kafka protocol version. @default '2.0.0.0' */
  readonly kafkaVersion?: string;
  /** `disableTls`. @default false */
  readonly disableTls?: boolean;
  /** `maxMessageBytes`. @default 1024 */
  readonly maxMessageBytes?: number;
}

/** A Kafka pub/sub (`pubsub.kafka`, v1). Credentials only take secret references. */
export class KafkaPubSub extends DaprComponent<'pubsub.kafka'> {
  /** The `authType`. */
  public readonly authType: string;

  public constructor(scope: Construct, id: string, props: KafkaPubSubProps) {
    super(scope, id, { ...props, type: 'pubsub.kafka', version: 'v1' });
    const brokers = !Array.isArray(props.brokers) || props.brokers.length === 0 || props.brokers.some((b) => typeof b !== 'string' || !b.includes(':')) ? {
      field: 'brokers',
      problem: `expected a non-empty list of "host:port", got ${JSON.stringify(props.brokers)}`,
      fix: "pass brokers: ['kafka-cluster.kafka.svc.cluster.local:9092']",
    } : undefined;
    // The list is joined below.
    if (!Array.isArray(props.brokers)) throw fieldError(this, brokers!);
    refuse(this, brokers);
    if (!(props.auth instanceof KafkaAuth)) {
      throw fieldError(this, { field: 'auth', problem: 'no authentication chosen', fix: 'pass KafkaAuth.password(...), KafkaAuth.mtls(...) or KafkaAuth.none()' });
    }
    const problems = {
      initialOffset: enumProblem('initialOffset', props.initialOffset, 'InitialOffset', InitialOffset),
      disableTls: booleanProblem('disableTls', props.disableTls),
      maxMessageBytes: integerProblem('maxMessageBytes', props.maxMessageBytes, 1),
    };
    refuse(this, ...Object.values(problems));
    this.authType = props.auth.authType;
    this.addMetadata('brokers', props.brokers.join(','));
    props.auth._bind(this);
    this.addMetadataIfDefined('consumerGroup', props.consumerGroup);
    this.addMetadataIfDefined('clientID', props.clientId);
    this.addMetadataIfDefined('initialOffset', problems.initialOffset ? undefined : props.initialOffset);
    this.addMetadataIfDefined('version', props.kafkaVersion);
    this.addMetadataIfDefined('disableTls', problems.disableTls ? undefined : props.disableTls);
    this.addMetadataIfDefined('maxMessageBytes', problems.maxMessageBytes ? undefined : props.maxMessageBytes);
  }
}
