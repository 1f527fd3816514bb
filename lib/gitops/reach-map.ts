import { daprWorkloads, firstByName, namespaceOf } from './stage-index';

/** One way something can reach a Dapr app: over the network, or by Dapr service invocation. */
export interface ReachEntry {
  /** `dapr.io/app-id`. */
  readonly app: string;
  readonly namespace: string;
  /** `Network` (the pods' NetworkPolicies) or `Service invocation` (the app's Configuration). */
  readonly via: 'Network' | 'Service invocation';
  /** Who may call: pods by selector, an address block, an app ID, or everybody. */
  readonly from: string;
  /** What they may reach: ports, or invocation operations. */
  readonly to: string;
  /** The object that allows it, or why nothing restricts it. */
  readonly allowedBy: string;
}

type Selector = { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> };

/**
 * Who can reach each Dapr app of a stage, from its rendered objects: the ingress rules of the NetworkPolicies
 * that select the app's pods, and the service invocation policy of the app's Configuration. With no
 * NetworkPolicy, every pod and address can reach every port; with no `accessControl`, every Dapr app can
 * invoke every operation (mTLS authenticates callers, it does not restrict them).
 */
export function reachEntries(objects: readonly any[]): ReachEntry[] {
  // Indexed by namespace, so each workload looks only at the policies that can select it.
  const policiesIn = new Map<string, any[]>();
  for (const o of objects) {
    if (o?.apiVersion !== 'networking.k8s.io/v1' || o?.kind !== 'NetworkPolicy' || !isIngressPolicy(o)) continue;
    const list = policiesIn.get(namespaceOf(o)) ?? [];
    list.push(o);
    policiesIn.set(namespaceOf(o), list);
  }
  const configs = firstByName(objects.filter((o) => o?.kind === 'Configuration' && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('dapr.io/')));
  const entries: ReachEntry[] = [];
  for (const { workload: w, app, namespace, annotations } of daprWorkloads(objects)) {
    const labels: Record<string, string> = w.spec?.template?.metadata?.labels ?? {};
    const base = { app, namespace };

    const selecting = (policiesIn.get(namespace) ?? []).filter((p) => selects(p.spec?.podSelector ?? {}, labels));
    if (selecting.length === 0) {
      entries.push({ ...base, via: 'Network', from: 'every pod and address', to: 'every port', allowedBy: 'no NetworkPolicy selects the app\'s pods' });
    }
    for (const p of selecting) {
      const rules: any[] = p.spec?.ingress ?? [];
      if (rules.length === 0) entries.push({ ...base, via: 'Network', from: 'nobody', to: 'no port', allowedBy: `NetworkPolicy ${p.metadata?.name} (no ingress rule)` });
      for (const rule of rules) {
        const peers: any[] = rule.from ?? [];
        const to = describePorts(rule.ports);
        for (const from of peers.length > 0 ? peers.map((peer) => describePeer(peer, namespace)) : ['every pod and address']) {
          entries.push({ ...base, via: 'Network', from, to, allowedBy: `NetworkPolicy ${p.metadata?.name}` });
        }
      }
    }

    const configName: string | undefined = annotations['dapr.io/config'];
    const config = configName === undefined ? undefined : configs.get(`${namespace}\u0000${configName}`);
    const acl = config?.spec?.accessControl;
    if (!acl) {
      const why = configName === undefined ? 'no Configuration' : config ? `Configuration ${configName} has no accessControl` : `Configuration ${configName} is not in this stage`;
      entries.push({ ...base, via: 'Service invocation', from: 'every Dapr app', to: 'every operation', allowedBy: why });
      continue;
    }
    const trust = acl.trustDomain ?? 'public';
    const listed: any[] = acl.policies ?? [];
    const before = entries.length;
    if ((acl.defaultAction ?? 'deny') === 'allow') {
      entries.push({ ...base, via: 'Service invocation', from: listed.length > 0 ? 'every other Dapr app' : 'every Dapr app', to: 'every operation', allowedBy: `Configuration ${configName}: defaultAction allow` });
    }
    for (const policy of listed) {
      const caller = `app ${policy.appId} (namespace ${policy.namespace ?? 'default'}, trust domain ${policy.trustDomain ?? trust})`;
      const operations: any[] = policy.operations ?? [];
      const allowedOps = operations.filter((op) => (op.action ?? 'deny') === 'allow');
      const deniedOps = operations.filter((op) => (op.action ?? 'deny') !== 'allow');
      if ((policy.defaultAction ?? 'deny') === 'allow') {
        const except = deniedOps.length > 0 ? ` except ${deniedOps.map(describeOperation).join(', ')}` : '';
        entries.push({ ...base, via: 'Service invocation', from: caller, to: `every operation${except}`, allowedBy: `Configuration ${configName}: policy for ${policy.appId}` });
      } else if (allowedOps.length > 0) {
        entries.push({ ...base, via: 'Service invocation', from: caller, to: allowedOps.map(describeOperation).join(', '), allowedBy: `Configuration ${configName}: policy for ${policy.appId}` });
      }
    }
    if (entries.length === before) {
      entries.push({ ...base, via: 'Service invocation', from: 'nobody', to: 'no operation', allowedBy: `Configuration ${configName}: defaultAction deny${listed.length > 0 ? ', and no policy allows an operation' : ', no policy'}` });
    }
  }
  const order = (e: ReachEntry) => [e.namespace, e.app, e.via, e.from, e.to].join('\u0000');
  return entries.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

function isIngressPolicy(p: any): boolean {
  const types: unknown = p.spec?.policyTypes;
  return Array.isArray(types) ? types.includes('Ingress') : true;
}

/** Whether a label selector (`{}` selects everything) matches `labels`. */
export function selects(selector: Selector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = e.values ?? [];
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
    if (e.operator === 'In' && !(has && values.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && values.includes(labels[e.key])) return false;
  }
  return true;
}

function describeSelector(selector: Selector | undefined): string {
  const parts = [
    ...Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(selector?.matchExpressions ?? []).map((e) => (e.operator === 'Exists' ? `${e.key}` : e.operator === 'DoesNotExist' ? `!${e.key}` : `${e.key} ${e.operator.toLowerCase()} (${(e.values ?? []).join(', ')})`)),
  ];
  return parts.join(', ');
}

/** A NetworkPolicy peer, in words: pods by labels in which namespaces, or an address block. */
export function describePeer(peer: any, policyNamespace: string): string {
  if (peer.ipBlock) {
    const except: string[] = peer.ipBlock.except ?? [];
    return `addresses ${peer.ipBlock.cidr}${except.length > 0 ? ` except ${except.join(', ')}` : ''}`;
  }
  const podLabels = describeSelector(peer.podSelector);
  const pods = podLabels ? `pods with ${podLabels}` : 'every pod';
  if (!peer.namespaceSelector) return `${pods} in namespace ${policyNamespace}`;
  const nsName = peer.namespaceSelector.matchLabels?.['kubernetes.io/metadata.name'];
  const others = { ...peer.namespaceSelector, matchLabels: { ...(peer.namespaceSelector.matchLabels ?? {}) } };
  delete others.matchLabels['kubernetes.io/metadata.name'];
  const rest = describeSelector(others);
  if (nsName && !rest) return `${pods} in namespace ${nsName}`;
  const namespaces = describeSelector(peer.namespaceSelector);
  return namespaces ? `${pods} in namespaces with ${namespaces}` : `${pods} in any namespace`;
}

function describePorts(ports: any[] | undefined): string {
  if (!ports || ports.length === 0) return 'every port';
  return ports.map((p) => `${p.protocol ?? 'TCP'} ${p.port ?? 'every port'}${p.endPort ? `-${p.endPort}` : ''}`).join(', ');
}

function describeOperation(op: any): string {
  const verbs: string[] = op.httpVerb ?? ['*'];
  return `${verbs.join('|')} ${op.name}`;
}
