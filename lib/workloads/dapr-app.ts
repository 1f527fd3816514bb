import { createHash } from 'crypto';
import { ApiObject, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DaprComponent, IComponentConsumer, IDaprComponent } from '../components/dapr-component';
import { isSensitiveField } from '../components/sensitive-fields';
import type { AccessControlOptions, ExternalInvocationCaller, InvocationGrantOptions } from '../configuration/access-control';
import { DaprConfiguration, SecretAccess, SecretScope, TracingOptions, FeatureFlag } from '../configuration/dapr-configuration';
import { booleanProblem, integerProblem } from '../core/checks';
import { describeProblem, fieldError, FieldProblem, refuse, show } from '../core/errors';
import { isDaprAppId, MAX_APP_ID_LENGTH, suggestDnsLabel } from '../core/names';
import { addDuplicateValidation, resolveNamespace } from '../core/scope';
import { AppGraph } from '../graph/app-graph';
import { DeclaredSecret, ISecretReader } from '../secrets/declared-secret';
import { BUILTIN_KUBERNETES_STORE } from '../secrets/builtin-secret-store';
import { SecretResolver } from '../secrets/secret-store';
import { AppProtocol, checkDaprAnnotations, daprAnnotations, LogLevel, SidecarResources, withoutRefused } from './dapr-annotations';
import { AppResources, containerResources, envNameProblem, fromCdk8sPlus } from './container-checks';
import { AppPortPeer, appNetworkPolicySpec, daprListenPorts } from './network-policy';

export type { AppResources } from './container-checks';

/** The label the Deployment, the Service and the NetworkPolicy select the app's pods by; its value is the app ID. */
const NAME_LABEL = 'app.kubernetes.io/name';

/** Turns off daprd's built-in `kubernetes` store, which cannot start without a ServiceAccount token (dapr/docs#5014). */
const DISABLE_BUILTIN_STORE = 'dapr.io/disable-builtin-k8s-secret-store';

/** Pod template annotation whose value changes when the secret material the pods depend on changes. */
export const SECRETS_FINGERPRINT_ANNOTATION = 'dapr-secure-constructs/secrets-fingerprint';

/** Props of a Dapr app. */
export interface DaprAppProps {
  /** `dapr.io/app-id`: a DNS-1123 label of at most 58 characters; also names the Deployment, Service and ServiceAccount. */
  readonly appId: string;
  /** Container image of the app. */
  readonly image: string;
  /** Namespace. @default - the chart's namespace, else `default` */
  readonly namespace?: string;
  /** `dapr.io/app-port`, also the container and Service port. @default - no app channel and no Service */
  readonly appPort?: number;
  /** `dapr.io/app-protocol`. @default AppProtocol.HTTP */
  readonly appProtocol?: AppProtocol;
  /** Pod replicas. @default 1 */
  readonly replicas?: number;
  /** `dapr.io/log-level`. @default - daprd's default, info */
  readonly logLevel?: LogLevel;
  /** `dapr.io/enable-api-logging`. @default - the Configuration decides */
  readonly enableApiLogging?: boolean;
  /** Sidecar requests and limits. @default - the injector's defaults */
  readonly sidecarResources?: SidecarResources;
  /** App container requests and limits. @default - see `AppResources` */
  readonly resources?: AppResources;
  /** Other `dapr.io/*` pod annotations (the escape hatch), values as strings. @default - none */
  readonly annotations?: { readonly [key: string]: string };
  /** Components the app loads; their `scopes` list this app. More with `addComponent`. @default - none */
  readonly components?: IDaprComponent[];
  /** Secrets the app reads through the Secrets API at startup. More with `secret.grantRead(app)`. @default - none */
  readonly secretReads?: DeclaredSecret[];
  /** Plain, non-secret environment variables of the app container. @default - none */
  readonly env?: { readonly [name: string]: string };
  /** Tracing in the app's Dapr Configuration. @default - tracing off */
  readonly tracing?: TracingOptions;
  /** Preview features in the app's Dapr Configuration. @default - none */
  readonly features?: FeatureFlag[];
  /** Labels on every object of the app, besides `app.kubernetes.io/name: <appId>` (which they may not change). @default - none */
  readonly labels?: { readonly [key: string]: string };
  /**
   * Mount the ServiceAccount token in the pod (`automountServiceAccountToken` of the pod and of the
   * ServiceAccount). Without a token the built-in `kubernetes` store cannot start, so the pod also gets
   * `dapr.io/disable-builtin-k8s-secret-store: "true"` (dapr/docs#5014). Sentry does not need it: the
   * injector mounts its own projected token. Set `true` when something else in the pod calls the API server.
   * @default - only when the sidecar needs the API server: a Secrets API read through a Kubernetes store,
   * or a loaded `secretstores.kubernetes` Component
   */
  readonly mountServiceAccountToken?: boolean;
  /**
   * Protects the sidecar's API with a token (`dapr.io/api-token-secret`): daprd refuses calls without it.
   * A secret with key `token` in the app's namespace, delivered like any other; the app container gets it
   * as `DAPR_API_TOKEN` through `secretKeyRef` (the injector does not pass it on, dapr/dapr#6533).
   * @default - the sidecar API takes calls without a token
   */
  readonly apiToken?: DeclaredSecret;
  /**
   * Makes daprd send a token with every call to the app (`dapr.io/app-token-secret`, header
   * `dapr-api-token`). A secret with key `token` in the app's namespace; the app container gets it as
   * `APP_API_TOKEN` through `secretKeyRef`, to check the header.
   * @default - daprd calls the app without a token
   */
  readonly appToken?: DeclaredSecret;
  /**
   * Write a NetworkPolicy for the app's pods. It admits only Dapr's own traffic: other sidecars on daprd's
   * internal gRPC port (50002, or `dapr.io/internal-grpc-port`), where mTLS and `accessControl` apply;
   * nothing on the app port unless `allowAppPortFrom` names peers, and nothing on daprd's metrics port
   * unless `allowMetricsFrom` does. Egress stays open (daprd dials the control plane and the components'
   * backends). Needs a CNI that enforces NetworkPolicies. `false` opts out: then every pod of the cluster
   * can call the app port through the Service, past Dapr's mTLS, access control and API token.
   * @default true
   */
  readonly networkPolicy?: boolean;
  /**
   * Pods that may call the app port directly, past Dapr (its access control, mTLS and resiliency): other
   * `DaprApp`s, or pods by labels and namespace. More with `allowAppPortFrom`.
   * @default - none: only daprd, over localhost, reaches the app port
   */
  readonly allowAppPortFrom?: ReadonlyArray<DaprApp | AppPortPeer>;
  /**
   * Pods that may scrape daprd's metrics port (9090, or `dapr.io/metrics-port`), such as Prometheus. More
   * with `allowMetricsFrom`.
   * @default - none: the NetworkPolicy closes the metrics port
   */
  readonly allowMetricsFrom?: readonly AppPortPeer[];
  /**
   * Service invocation access control in the app's Configuration (`spec.accessControl`): callers not
   * granted with `allowInvocationFrom` are refused.
   * @default - none until a first `allowInvocationFrom`: every app may invoke every method
   */
  readonly accessControl?: AccessControlOptions;
}

/**
 * A Dapr-enabled app: a Deployment with typed `dapr.io/*` annotations, its ServiceAccount, a Service on the
 * app port, a Dapr Configuration whose secret scopes deny everything the app did not declare (and, on
 * request, whose access control denies every caller not granted), a Role with `get` on exactly the Secrets
 * its sidecar reads, and a NetworkPolicy that admits only Dapr sidecars.
 */
export class DaprApp extends Construct implements IComponentConsumer, ISecretReader {
  public readonly appId: string;
  public readonly namespace: string;
  public readonly deployment: kplus.Deployment;
  public readonly serviceAccount: kplus.ServiceAccount;
  public readonly service?: kplus.Service;
  public readonly configuration: DaprConfiguration;
  private readonly components: IDaprComponent[] = [];
  private readonly reads: DeclaredSecret[] = [];
  private readonly labels: { [key: string]: string };
  private role?: ApiObject;
  private readonly graph: AppGraph;
  private readonly explicitToken?: boolean;
  private readonly appPort?: number;
  /** The appPort given was refused, so `appPort` is unset although the user set one. */
  private readonly appPortRefused: boolean;
  private readonly appPortPeers: AppPortPeer[] = [];
  private readonly metricsPeers: AppPortPeer[] = [];
  private readonly metricsPort?: number;
  private readonly networkPolicyEnabled: boolean;
  /** The secret whose key `token` protects the sidecar API (`dapr.io/api-token-secret`), if any. */
  public readonly apiToken?: DeclaredSecret;
  /** The secret whose key `token` daprd sends to the app (`dapr.io/app-token-secret`), if any. */
  public readonly appToken?: DeclaredSecret;

  public constructor(scope: Construct, id: string, props: DaprAppProps) {
    super(scope, id);
    this.graph = AppGraph.of(this);
    this.appId = props.appId;
    const suggestedId = suggestDnsLabel(String(this.appId)).slice(0, MAX_APP_ID_LENGTH);
    const appIdProblem: FieldProblem | undefined = isDaprAppId(this.appId) ? undefined : {
      field: 'appId',
      problem: `${show(this.appId)} is not a DNS-1123 label of at most ${MAX_APP_ID_LENGTH} characters (the injector names a Service "<app-id>-dapr")`,
      fix: `use lowercase letters, digits and "-", such as ${show(suggestedId)}`,
    };
    // The app ID names every object of the app and is read as a string from here on.
    if (typeof this.appId !== 'string') throw fieldError(this, appIdProblem!);
    const appIdRefused = refuse(this, appIdProblem);
    this.namespace = resolveNamespace(this, props.namespace);
    const { [NAME_LABEL]: nameLabel, ...otherLabels } = props.labels ?? {};
    refuse(this, nameLabel === undefined || nameLabel === this.appId ? undefined : {
      field: `labels[${NAME_LABEL}]`,
      problem: `${show(nameLabel)} differs from the app ID ${show(this.appId)}, which the Deployment, the Service and the NetworkPolicy select the pods by, so they would select none`,
      fix: `drop the ${NAME_LABEL} label (it is set to the app ID), or use another label key`,
    });
    this.labels = { [NAME_LABEL]: this.appId, ...otherLabels };
    const env = this.checkEnv(props.env ?? {});
    const resources = containerResources(this, props.resources);
    this.graph.addApp(this);

    this.configuration = new DaprConfiguration(this, 'Configuration', {
      // A refused app ID would make the Configuration's name a second problem of the same mistake.
      name: `${appIdRefused ? suggestedId : this.appId}-config`,
      namespace: this.namespace,
      tracing: props.tracing,
      features: props.features,
      accessControl: props.accessControl,
    });
    this.configuration._addSecretScopeProducer(() => this.secretScopes());

    this.apiToken = this.checkToken('apiToken', props.apiToken, API_TOKEN_ANNOTATION, props.annotations);
    this.appToken = this.checkToken('appToken', props.appToken, APP_TOKEN_ANNOTATION, props.annotations);
    if (this.apiToken) this.graph.addSecretUse(this, 'apiToken', this.apiToken.keyRef(TOKEN_KEY));
    if (this.appToken) this.graph.addSecretUse(this, 'appToken', this.appToken.keyRef(TOKEN_KEY));
    const tokenAnnotations: { [key: string]: string } = {};
    if (this.apiToken) tokenAnnotations[API_TOKEN_ANNOTATION] = this.apiToken.secretName;
    if (this.appToken) tokenAnnotations[APP_TOKEN_ANNOTATION] = this.appToken.secretName;

    const checkedInput = {
      appId: this.appId,
      appPort: props.appPort,
      appProtocol: props.appProtocol ?? AppProtocol.HTTP,
      config: this.configuration.configurationName,
      logLevel: props.logLevel,
      enableApiLogging: props.enableApiLogging,
      sidecar: props.sidecarResources,
      extra: { ...(props.annotations ?? {}), ...tokenAnnotations },
    };
    const annotationProblems = checkDaprAnnotations(checkedInput);
    refuse(this, ...annotationProblems);
    const annotationInput = withoutRefused(checkedInput, annotationProblems);
    const appPort = annotationInput.appPort;

    const tokenRefused = refuse(this, booleanProblem('mountServiceAccountToken', props.mountServiceAccountToken));
    this.explicitToken = tokenRefused ? undefined : props.mountServiceAccountToken;
    const replicasRefused = refuse(this, integerProblem('replicas', props.replicas));
    const mountToken = Lazy.any({ produce: () => this.mountsServiceAccountToken }) as unknown as boolean;
    const metadata = { name: this.appId, namespace: this.namespace, labels: this.labels };
    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', { metadata, automountToken: mountToken });
    this.deployment = fromCdk8sPlus(this, 'appPort', 'use one whole number from 1 to 65535 for appPort', () => new kplus.Deployment(this, 'Deployment', {
      metadata,
      replicas: replicasRefused ? 1 : props.replicas ?? 1,
      select: false,
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: mountToken,
      podMetadata: { labels: this.labels, annotations: daprAnnotations(annotationInput) },
      securityContext: { ensureNonRoot: true, user: 10001, group: 10001 },
      containers: [{
        name: 'app',
        image: props.image,
        portNumber: appPort,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        envVariables: {
          ...Object.fromEntries(Object.entries(env).sort().map(([k, v]) => [k, kplus.EnvValue.fromValue(v)])),
          ...this.tokenEnv(),
        },
        resources,
        securityContext: {
          ensureNonRoot: true,
          user: 10001,
          group: 10001,
          allowPrivilegeEscalation: false,
          privileged: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: [kplus.Capability.ALL] },
          seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
        },
      }],
    }));
    this.deployment.podMetadata.addAnnotation(SECRETS_FINGERPRINT_ANNOTATION, Lazy.any({ produce: () => this.secretsFingerprint }) as unknown as string);
    if (annotationInput.extra?.[DISABLE_BUILTIN_STORE] === undefined) {
      this.deployment.podMetadata.addAnnotation(DISABLE_BUILTIN_STORE, Lazy.any({ produce: () => (this.mountsServiceAccountToken ? undefined : 'true') }) as unknown as string);
    }
    this.deployment.select(kplus.LabelSelector.of({ labels: { 'app.kubernetes.io/name': this.appId } }));
    if (appPort !== undefined) {
      this.service = fromCdk8sPlus(this, 'appPort', 'use one whole number from 1 to 65535 for appPort', () => new kplus.Service(this, 'Service', {
        metadata,
        ports: [{ name: 'app', port: appPort, targetPort: appPort }],
      }));
      this.service.selectLabel('app.kubernetes.io/name', this.appId);
    }

    const networkRefused = refuse(this, booleanProblem('networkPolicy', props.networkPolicy));
    this.appPort = appPort;
    this.appPortRefused = annotationProblems.some((p) => p.field === 'appPort');
    this.networkPolicyEnabled = networkRefused ? true : props.networkPolicy ?? true;
    const ports = daprListenPorts(annotationInput.extra ?? {});
    this.metricsPort = ports.metricsPort;
    if (this.networkPolicyEnabled) {
      new ApiObject(this, 'NetworkPolicy', {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata,
        spec: Lazy.any({
          produce: () => appNetworkPolicySpec({
            podLabels: { 'app.kubernetes.io/name': this.appId },
            namespace: this.namespace,
            appPort: this.appPort,
            internalGrpcPort: ports.internalGrpcPort,
            appPortPeers: this.appPortPeers,
            metricsPort: this.metricsPort,
            metricsPeers: this.metricsPeers,
          }),
        }),
      } as any);
    }
    const notAnArray = (field: string, value: unknown, example: string): FieldProblem | undefined =>
      value === undefined || Array.isArray(value) ? undefined : { field, problem: `expected an array of peers, got ${show(value)}`, fix: `pass [${example}]` };
    if (!refuse(this, notAnArray('allowAppPortFrom', props.allowAppPortFrom, "{ podLabels: { app: 'gateway' }, namespace: 'ingress' }"))) {
      this.allowAppPortFrom(...(props.allowAppPortFrom ?? []));
    }
    if (!refuse(this, notAnArray('allowMetricsFrom', props.allowMetricsFrom, "{ podLabels: { 'app.kubernetes.io/name': 'prometheus' }, namespace: 'monitoring' }"))) {
      this.allowMetricsFrom(...(props.allowMetricsFrom ?? []));
    }

    for (const c of props.components ?? []) this.addComponent(c);
    for (const s of props.secretReads ?? []) s.grantRead(this);

    addDuplicateValidation<DaprApp>(this, 'Dapr app ID', (a) => `${a.namespace}/${a.appId}`, (c): c is DaprApp => c instanceof DaprApp);
    this.node.addValidation({ validate: () => this.validateApp() });
  }

  /**
   * Lets `peers` call the app port directly, past Dapr: other `DaprApp`s, or pods by labels and namespace
   * (`namespace: '*'` for every namespace).
   */
  public allowAppPortFrom(...peers: Array<DaprApp | AppPortPeer>): void {
    if (peers.length === 0) return;
    if (this.appPort === undefined) {
      // A refused appPort is reported already; the peers are left out with it.
      if (!this.appPortRefused) refuse(this, { field: 'allowAppPortFrom', problem: 'the app has no appPort, so there is no app port to open', fix: 'set appPort, or drop allowAppPortFrom' });
      return;
    }
    if (!this.networkPolicyEnabled) {
      refuse(this, { field: 'allowAppPortFrom', problem: 'networkPolicy is false, so no NetworkPolicy restricts the app port', fix: 'drop networkPolicy: false, or drop allowAppPortFrom' });
      return;
    }
    peers.forEach((p, i) => {
      if (p instanceof DaprApp) {
        this.appPortPeers.push({ podLabels: { 'app.kubernetes.io/name': p.appId }, namespace: p.namespace });
      } else if (typeof p === 'object' && p !== null && !Array.isArray(p)) {
        this.appPortPeers.push(p);
      } else {
        refuse(this, { field: `allowAppPortFrom[${i}]`, problem: `expected a DaprApp or { podLabels, namespace }, got ${show(p)}`, fix: "pass another DaprApp, or { podLabels: { app: 'gateway' }, namespace: 'ingress' }" });
      }
    });
  }

  /**
   * Lets `peers` scrape daprd's metrics port (such as Prometheus): pods by labels and namespace
   * (`namespace: '*'` for every namespace).
   */
  public allowMetricsFrom(...peers: AppPortPeer[]): void {
    if (peers.length === 0) return;
    if (!this.networkPolicyEnabled) {
      refuse(this, { field: 'allowMetricsFrom', problem: 'networkPolicy is false, so no NetworkPolicy restricts the metrics port', fix: 'drop networkPolicy: false, or drop allowMetricsFrom' });
      return;
    }
    if (this.metricsPort === undefined) {
      refuse(this, { field: 'allowMetricsFrom', problem: 'dapr.io/enable-metrics turns daprd\'s metrics off, so there is no metrics port to open', fix: 'drop the dapr.io/enable-metrics annotation, or drop allowMetricsFrom' });
      return;
    }
    peers.forEach((p, i) => {
      if (typeof p !== 'object' || p === null || Array.isArray(p) || p instanceof DaprApp) {
        refuse(this, { field: `allowMetricsFrom[${i}]`, problem: `expected { podLabels, namespace }, got ${p instanceof DaprApp ? `the DaprApp ${show(p.appId)}` : show(p)}`, fix: "pass the scraper's pods, such as { podLabels: { 'app.kubernetes.io/name': 'prometheus' }, namespace: 'monitoring' }" });
      } else {
        this.metricsPeers.push(p);
      }
    });
  }

  /**
   * Lets `caller` invoke this app through Dapr service invocation (`spec.accessControl` of the app's
   * Configuration): another `DaprApp`, or `{ appId, namespace, trustDomain }` for an app outside the
   * program. The first grant turns access control on, denying every caller not granted.
   */
  public allowInvocationFrom(caller: DaprApp | ExternalInvocationCaller, options?: InvocationGrantOptions): void {
    this.configuration.allowInvocationFrom(caller, options);
  }

  /** Loads `component` in this app's sidecar: the component's `scopes` will list this app. */
  public addComponent(component: IDaprComponent): void {
    if (!this.components.includes(component)) this.components.push(component);
    this.graph.addLoad(this, component);
    this.ensureRole();
  }

  /** @internal */
  public _addSecretRead(secret: DeclaredSecret): void {
    if (!this.reads.includes(secret)) this.reads.push(secret);
    this.graph.addRead(this, secret);
    this.ensureRole();
  }

  /** @internal */
  public _componentsChanged(): void {
    this.ensureRole();
  }

  /** The secrets the app reads through the Secrets API. */
  public get secretReads(): DeclaredSecret[] {
    return [...this.reads];
  }

  /**
   * Every component the sidecar loads: the declared ones and the secret stores they and the app's reads
   * go through (a Kubernetes store is loaded even when the dapr-operator resolves the references).
   */
  public loadedComponents(): IDaprComponent[] {
    const loaded: IDaprComponent[] = [];
    const visit = (c: IDaprComponent) => {
      if (loaded.includes(c)) return;
      loaded.push(c);
      const store = c.secretStore;
      if (store?.component) visit(store.component);
    };
    this.components.forEach(visit);
    for (const s of this.reads) if (s.store.component) visit(s.store.component);
    return loaded;
  }

  /** Names of the Secrets the sidecar reads with the pod's ServiceAccount, sorted: the Role's `resourceNames`. */
  public get secretsReadBySidecar(): string[] {
    const names = new Set<string>();
    for (const s of this.reads) if (s.store.kubernetesBacked) names.add(s.secretName);
    for (const c of this.loadedComponents()) {
      for (const ref of c.secretKeyRefs) {
        if (ref.store.resolver === SecretResolver.SIDECAR && ref.store.kubernetesBacked) names.add(ref.secret.secretName);
      }
    }
    return [...names].sort();
  }

  /**
   * Whether the sidecar calls the Kubernetes API with the pod's token: it reads a secret through a
   * Kubernetes store, or loads a `secretstores.kubernetes` Component (for sidecar-resolved references, on
   * purpose, or unscoped in its namespace), whose init fails without a token.
   */
  public get needsApiServer(): boolean {
    if (this.reads.some((s) => s.store.kubernetesBacked)) return true;
    const loaded = [...this.loadedComponents(), ...this.graph.unscopedStoresIn(this.namespace)];
    return loaded.some((c) => this.graph.storeOfComponent(c)?.kubernetesBacked === true);
  }

  /** Whether the pod and its ServiceAccount mount the token: `mountServiceAccountToken`, else `needsApiServer`. */
  public get mountsServiceAccountToken(): boolean {
    return this.explicitToken ?? this.needsApiServer;
  }

  /** Every declared secret the pods depend on: Secrets API reads, API tokens and the secrets of loaded components. */
  public get secretDependencies(): DeclaredSecret[] {
    const deps = new Set<DeclaredSecret>(this.reads);
    for (const t of [this.apiToken, this.appToken]) if (t) deps.add(t);
    for (const c of this.loadedComponents()) for (const ref of c.secretKeyRefs) deps.add(ref.secret);
    return [...deps];
  }

  /**
   * A hash over the fingerprints of `secretDependencies` (ciphertext for sealed secrets, the reference set
   * otherwise, never a plaintext). It is a pod template annotation, so new secret material rolls the pods.
   */
  public get secretsFingerprint(): string {
    const parts = this.secretDependencies.map((s) => `${s.store.storeName}:${s.namespace}/${s.secretName}=${s.fingerprint}`).sort();
    return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32);
  }

  /** The stores this app's sidecar can reach, by name: the built-in one and every store component it loads. */
  public reachableStores(): string[] {
    const stores = new Set<string>([BUILTIN_KUBERNETES_STORE]);
    const candidates = new Set<IDaprComponent>(this.graph.unscopedStoresIn(this.namespace));
    // Every app with this app ID gets the stores any of them loads (a second one is refused at synth).
    for (const app of this.graph.appsWithId(this.namespace, this.appId)) for (const c of app.loadedComponents()) candidates.add(c);
    for (const c of candidates) {
      const store = this.graph.storeOfComponent(c);
      if (store && DaprComponent.isDaprComponent(c) && c.namespace === this.namespace) stores.add(store.storeName);
    }
    return [...stores].sort();
  }

  private secretScopes(): SecretScope[] {
    return this.reachableStores().map((storeName) => ({
      storeName,
      defaultAccess: SecretAccess.DENY,
      allowedSecrets: this.reads.filter((s) => s.store.storeName === storeName).map((s) => s.secretName),
    }));
  }

  private ensureRole(): void {
    if (this.role || this.secretsReadBySidecar.length === 0) return;
    const name = `${this.appId}-secret-reader`;
    this.role = new ApiObject(this, 'SecretReaderRole', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name, namespace: this.namespace, labels: this.labels },
      rules: Lazy.any({
        produce: () => [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: this.secretsReadBySidecar }],
      }),
    } as any);
    new ApiObject(this, 'SecretReaderRoleBinding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name, namespace: this.namespace, labels: this.labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: this.serviceAccount.name, namespace: this.namespace }],
    } as any);
  }

  private checkToken(field: string, secret: DeclaredSecret | undefined, annotation: string, extra: { readonly [key: string]: string } | undefined): DeclaredSecret | undefined {
    if (secret === undefined) return undefined;
    if (!DeclaredSecret.isDeclaredSecret(secret)) {
      refuse(this, { field, problem: `expected a DeclaredSecret, got ${typeof secret === 'string' ? 'a string (not shown: it may be a credential)' : show(secret)}`, fix: `declare the token with new DeclaredSecret(scope, 'name', { keys: ['token'] }) and pass it as ${field}` });
      return undefined;
    }
    const problem = apiTokenProblem(secret, this.namespace);
    if (problem) {
      refuse(this, { field, ...problem });
      return undefined;
    }
    if (refuse(this, extra?.[annotation] === undefined ? undefined : { field: `annotations[${annotation}]`, problem: `${field} already sets ${annotation}`, fix: `set the token with ${field} only` })) return undefined;
    return secret;
  }

  /** `DAPR_API_TOKEN` and `APP_API_TOKEN` of the app container, from the token secrets' key `token`. */
  private tokenEnv(): { [name: string]: kplus.EnvValue } {
    const env: { [name: string]: kplus.EnvValue } = {};
    const from = (id: string, secret: DeclaredSecret) => kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(this, id, secret.secretName), key: TOKEN_KEY });
    if (this.apiToken) env.DAPR_API_TOKEN = from('ApiTokenSecret', this.apiToken);
    if (this.appToken) env.APP_API_TOKEN = from('AppTokenSecret', this.appToken);
    return env;
  }

  /** The variables of `env` that pass its checks; each other one is refused and left out. */
  private checkEnv(env: { readonly [name: string]: string }): { [name: string]: string } {
    const accepted: { [name: string]: string } = {};
    for (const [name, value] of Object.entries(env)) {
      const refused = refuse(this, envNameProblem(name)) || refuse(this, typeof value === 'string' ? undefined : {
        field: `env.${name}`, problem: `expected a string, got ${show(value)}`, fix: 'pass plain, non-secret strings only',
      }) || refuse(this, isSensitiveField('', name) ? {
        field: `env.${name}`,
        problem: `${show(name)} looks like a credential, and env values are written to the manifest in plain text (value not shown)`,
        fix: 'declare a DeclaredSecret, call secret.grantRead(app) and read it through the Dapr Secrets API',
      } : undefined);
      if (!refused) accepted[name] = value;
    }
    return accepted;
  }

  private validateApp(): string[] {
    const errors: string[] = [];
    for (const s of this.reads) {
      if (s.node.root !== this.node.root) {
        errors.push(describeProblem({
          field: 'secretReads',
          problem: `secret ${show(s.secretName)} (${s.node.path}) is declared under another cdk8s App, so this App's synth never delivers it and the Secrets API read would fail`,
          fix: 'declare the secret in a chart of the same App as the app, and grant the read there',
        }));
        continue;
      }
      if (s.store.kubernetesBacked && s.namespace !== this.namespace) {
        errors.push(describeProblem({
          field: 'secretReads',
          problem: `secret ${show(s.secretName)} is in namespace ${show(s.namespace)}, but the Secrets API reads from the app's namespace ${show(this.namespace)}`,
          fix: 'declare the secret in the app\'s namespace',
        }));
      }
    }
    for (const c of this.loadedComponents()) {
      if (c.node.root !== this.node.root) {
        errors.push(describeProblem({
          field: 'components',
          problem: `component ${show(c.componentName)} (${c.node.path}) is declared under another cdk8s App, so this App's synth never writes it or scopes it to ${show(this.appId)}`,
          fix: 'declare the component in a chart of the same App as the app',
        }));
        continue;
      }
      if (c.namespace !== this.namespace) {
        errors.push(describeProblem({
          field: 'components',
          problem: `component ${show(c.componentName)} is in namespace ${show(c.namespace)}; an app only loads components of its own namespace ${show(this.namespace)}`,
          fix: 'declare the component in the app\'s namespace',
        }));
      }
    }
    return errors;
  }
}

/** The key the injector reads from the secrets of `dapr.io/api-token-secret` and `dapr.io/app-token-secret`. */
const TOKEN_KEY = 'token';
const API_TOKEN_ANNOTATION = 'dapr.io/api-token-secret';
const APP_TOKEN_ANNOTATION = 'dapr.io/app-token-secret';

/**
 * Why `secret` cannot hold a Dapr API token for an app in `namespace` (the injector reads key `token` of a
 * Kubernetes Secret of the pod's namespace), or undefined when it can.
 */
export function apiTokenProblem(secret: DeclaredSecret, namespace: string): FieldProblemText | undefined {
  if (!secret.store.kubernetesBacked) {
    return { problem: `secret ${show(secret.secretName)} lives in store ${show(secret.store.storeName)}, but the injector reads the token from a Kubernetes Secret`, fix: 'declare the token in a Kubernetes store (the default store), delivered like any other secret' };
  }
  if (!secret.keys.includes(TOKEN_KEY)) {
    return { problem: `secret ${show(secret.secretName)} has no key "token" (declared: ${secret.keys.join(', ')}); the injector reads only key "token"`, fix: "declare the secret with keys: ['token']" };
  }
  if (secret.namespace !== namespace) {
    return { problem: `secret ${show(secret.secretName)} is in namespace ${show(secret.namespace)}, but the pod reads it from its own namespace ${show(namespace)}`, fix: "declare the token secret in the app's namespace" };
  }
  return undefined;
}

/** A problem and its fix, without the field. */
export interface FieldProblemText {
  readonly problem: string;
  readonly fix: string;
}
