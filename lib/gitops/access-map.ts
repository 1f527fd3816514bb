import type { ReachEntry } from './reach-map';
import { daprWorkloads, firstByName, namespaceOf } from './stage-index';

/** File name of the access map written into every stage folder. */
export const ACCESS_FILE = 'ACCESS.md';

/** The built-in secret store every Dapr sidecar has on Kubernetes. */
const BUILTIN_STORE = 'kubernetes';

/** One way an app reaches a secret. */
export interface AccessEntry {
  /** `dapr.io/app-id`. */
  readonly app: string;
  readonly namespace: string;
  /** The pod's ServiceAccount. */
  readonly serviceAccount: string;
  /** What the app reaches: a component, an HTTP endpoint, or the Secrets API. */
  readonly via: 'Component' | 'HTTPEndpoint' | 'MCPServer' | 'Secrets API';
  /** The component or endpoint name, with its type; for the Secrets API, the store read. */
  readonly target: string;
  /** The secret store the reference goes through (`kubernetes` is the built-in one). */
  readonly store: string;
  /** The Kubernetes Secret (or store secret) name, `*` for every secret of the store. */
  readonly secret: string;
  /** The key, `*` for every key. */
  readonly key: string;
  /** Who resolves the reference. */
  readonly resolvedBy: string;
  /** What allows it: Role rules and secret scopes, or why none apply. */
  readonly allowedBy: string;
}

/**
 * The access relationships of one stage, derived from its rendered objects: which app reaches which
 * component, HTTP endpoint and Secrets API read, through which store, which Secret and key, resolved by
 * whom, allowed by what. The one place that reads relationships (so it can later read an app graph).
 */
export function accessEntries(objects: readonly any[]): AccessEntry[] {
  const entries: AccessEntry[] = [];
  const dapr = objects.filter((o) => typeof o?.apiVersion === 'string' && o.apiVersion.startsWith('dapr.io/'));
  const components = dapr.filter((o) => o.kind === 'Component');
  // Indexes, so each workload looks only at what concerns it (linear in the number of objects).
  const loadable = new Map<string, { position: number; o: any }[]>();
  dapr.forEach((o, position) => {
    if (o.kind !== 'Component' && o.kind !== 'HTTPEndpoint' && o.kind !== 'MCPServer') return;
    const apps: string[] = Array.isArray(o.scopes) && o.scopes.length > 0 ? [...new Set<string>(o.scopes)] : ['\u0000every-app'];
    for (const a of apps) {
      const k = `${namespaceOf(o)}\u0000${a}`;
      const list = loadable.get(k) ?? [];
      list.push({ position, o });
      loadable.set(k, list);
    }
  });
  const loadedBy = (namespace: string, app: string): any[] => [...(loadable.get(`${namespace}\u0000${app}`) ?? []), ...(loadable.get(`${namespace}\u0000\u0000every-app`) ?? [])]
    .sort((a, b) => a.position - b.position).map((x) => x.o);
  const componentByName = firstByName(components);
  const configByName = firstByName(dapr.filter((o) => o.kind === 'Configuration'));
  const rbac = rbacIndex(objects);
  for (const { workload: w, app, namespace, annotations } of daprWorkloads(objects)) {
    const serviceAccount: string = w.spec.template.spec?.serviceAccountName ?? 'default';
    const base = { app, namespace, serviceAccount };
    const loaded = loadedBy(namespace, app);
    const rules = roleRulesFor(rbac, namespace, serviceAccount);
    const resolve = (storeName: string, secret: string): { resolvedBy: string; allowedBy: string } => {
      if (storeName === BUILTIN_STORE) {
        return { resolvedBy: 'dapr-operator', allowedBy: "the dapr-operator's own RBAC (no pod RBAC; secret scopes do not apply to component references, dapr/dapr#8176)" };
      }
      const store = componentByName.get(`${namespace}\u0000${storeName}`);
      if (!store) return { resolvedBy: `sidecar: store ${storeName} is not in this stage`, allowedBy: 'nothing: the store is missing, so the component does not load' };
      if (store.spec?.type === 'secretstores.kubernetes') {
        const allowing = rules.filter((r) => r.allows(secret)).map((r) => r.text);
        return {
          resolvedBy: `sidecar, as ServiceAccount ${namespace}/${serviceAccount}`,
          allowedBy: allowing.length > 0 ? allowing.join('; ') : `nothing: no Role rule lets ${serviceAccount} get Secret ${secret}`,
        };
      }
      return { resolvedBy: `sidecar, with the ${store.spec?.type} store's own credentials`, allowedBy: `the ${store.spec?.type} backend's policy (outside Kubernetes RBAC)` };
    };
    for (const c of loaded) {
      const storeName: string = storeNameOf(c);
      for (const ref of secretKeyRefs(c.spec)) {
        entries.push({
          ...base,
          via: c.kind,
          target: c.kind === 'Component' ? `${c.metadata.name} (${c.spec?.type})` : c.metadata.name,
          store: storeName,
          secret: ref.name,
          key: ref.key ?? '*',
          ...resolve(storeName, ref.name),
        });
      }
    }
    // Secrets API reads: bounded by the secret scopes of the app's Configuration, per loaded store.
    const configName: string | undefined = annotations['dapr.io/config'];
    const config = configByName.get(`${namespace}\u0000${configName}`);
    const scopes: any[] = config?.spec?.secrets?.scopes ?? [];
    const storeNames = [BUILTIN_STORE, ...loaded.filter((c) => c.kind === 'Component' && String(c.spec?.type).startsWith('secretstores.')).map((c) => c.metadata.name)];
    for (const storeName of [...new Set(storeNames)]) {
      const scope = scopes.find((s) => s.storeName === storeName);
      const allowed: string[] = scope?.allowedSecrets ?? [];
      const denied: string[] = scope?.deniedSecrets ?? [];
      const defaultAllow = (scope?.defaultAccess ?? 'allow') === 'allow';
      const scopeText = scope ? `secret scope ${configName}: ${storeName} ${defaultAllow ? 'defaultAccess allow' : 'defaultAccess deny'}` : `no secret scope for ${storeName} (every secret readable)`;
      const reads = defaultAllow ? ['*'] : allowed.filter((s) => !denied.includes(s));
      for (const secret of reads) {
        const r = resolveForApi(storeName, secret);
        entries.push({
          ...base,
          via: 'Secrets API',
          target: storeName,
          store: storeName,
          secret,
          key: '*',
          resolvedBy: r.resolvedBy,
          allowedBy: `${scopeText}${secret !== '*' ? `, allowedSecrets ${secret}` : ''}; ${r.allowedBy}`,
        });
      }
    }
    function resolveForApi(storeName: string, secret: string): { resolvedBy: string; allowedBy: string } {
      // The Secrets API always runs in the sidecar, the built-in store included.
      if (storeName === BUILTIN_STORE) {
        const allowing = rules.filter((r) => r.allows(secret)).map((r) => r.text);
        return { resolvedBy: `sidecar, as ServiceAccount ${namespace}/${serviceAccount}`, allowedBy: allowing.length > 0 ? allowing.join('; ') : `no Role rule lets ${serviceAccount} get ${secret === '*' ? 'Secrets' : `Secret ${secret}`}, so the read fails` };
      }
      return resolve(storeName, secret);
    }
  }
  const order = (e: AccessEntry) => [e.namespace, e.app, e.via, e.target, e.secret, e.key].join('\u0000');
  return entries.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

/** Every `secretKeyRef` under `node` (component metadata, endpoint headers, client TLS). */
/**
 * The store a resource's secret references resolve through: `auth.secretStore` beside `spec` (Component,
 * HTTPEndpoint), or in an MCPServer's HTTP transport; the built-in store when none is named.
 */
function storeNameOf(o: any): string {
  if (o.kind === 'MCPServer') {
    const endpoint = o.spec?.endpoint ?? {};
    const transport = endpoint.streamableHTTP ?? endpoint.sse ?? {};
    return transport.auth?.secretStore || BUILTIN_STORE;
  }
  return o.auth?.secretStore || BUILTIN_STORE;
}

function secretKeyRefs(node: unknown): Array<{ name: string; key?: string }> {
  const out: Array<{ name: string; key?: string }> = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const ref = n.secretKeyRef;
      if (ref && typeof ref.name === 'string') out.push({ name: ref.name, key: typeof ref.key === 'string' ? ref.key : undefined });
      for (const [k, v] of Object.entries(n)) if (k !== 'secretKeyRef') walk(v);
    }
  };
  walk(node);
  return out;
}

interface RbacIndex {
  /** RoleBindings by `<namespace>\0<service account>` of a ServiceAccount subject in the binding's namespace. */
  readonly bindings: Map<string, any[]>;
  /** The first Role (by namespace) or ClusterRole of each name. */
  readonly roles: Map<string, any>;
}

function rbacIndex(objects: readonly any[]): RbacIndex {
  const bindings = new Map<string, any[]>();
  const roles = new Map<string, any>();
  for (const o of objects) {
    const namespace = namespaceOf(o);
    if (o?.kind === 'RoleBinding') {
      const accounts = new Set<string>((o.subjects ?? []).filter((s: any) => s.kind === 'ServiceAccount' && (s.namespace ?? namespace) === namespace).map((s: any) => s.name));
      for (const a of accounts) bindings.set(`${namespace}\u0000${a}`, [...(bindings.get(`${namespace}\u0000${a}`) ?? []), o]);
    }
    if (o?.kind === 'Role' || o?.kind === 'ClusterRole') {
      const key = o.kind === 'ClusterRole' ? `ClusterRole\u0000${o.metadata?.name}` : `Role\u0000${namespace}\u0000${o.metadata?.name}`;
      if (!roles.has(key)) roles.set(key, o);
    }
  }
  return { bindings, roles };
}

/** The Role rules on Secrets bound to `namespace/serviceAccount`, each able to say whether it allows `get` on a Secret. */
function roleRulesFor(rbac: RbacIndex, namespace: string, serviceAccount: string): Array<{ text: string; allows(secret: string): boolean }> {
  const out: Array<{ text: string; allows(secret: string): boolean }> = [];
  for (const b of rbac.bindings.get(`${namespace}\u0000${serviceAccount}`) ?? []) {
    const role = b.roleRef?.kind === 'ClusterRole' ? rbac.roles.get(`ClusterRole\u0000${b.roleRef?.name}`) : rbac.roles.get(`${b.roleRef?.kind}\u0000${namespace}\u0000${b.roleRef?.name}`);
    for (const rule of role?.rules ?? []) {
      if (!(rule.apiGroups ?? []).includes('') || !(rule.resources ?? []).some((r: string) => r === 'secrets' || r === '*')) continue;
      if (!(rule.verbs ?? []).some((v: string) => v === 'get' || v === '*')) continue;
      const names: string[] | undefined = rule.resourceNames;
      out.push({
        text: `${role.kind} ${role.metadata.name} (get secrets${names ? `: ${names.join(', ')}` : ', any name'})`,
        allows: (secret) => secret === '*' ? names === undefined : names === undefined || names.includes(secret),
      });
    }
  }
  return out;
}

function mermaidId(prefix: string, name: string): string {
  return `${prefix}_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/**
 * The Markdown access map of a stage: a Mermaid diagram and a table of how apps reach secrets (from
 * `accessEntries`), then, given `reach` (from `reachEntries`), a table of who can reach each app.
 */
export function renderAccessMap(stage: string, entries: readonly AccessEntry[], reach: readonly ReachEntry[] = []): string {
  const lines: string[] = [
    `# Access map: stage ${stage}`,
    '',
    'Generated by dapr-secure-constructs from the stage\'s objects. Do not edit: change the program and synthesize again.',
    'A change that widens access shows up as a diff of this file.',
    '',
  ];
  if (entries.length === 0) {
    lines.push('No Dapr app of this stage reaches a secret.', '');
    return [...lines, ...reachSection(reach)].join('\n');
  }
  lines.push('```mermaid', 'flowchart LR');
  const nodes = new Map<string, string>();
  const edges = new Set<string>();
  const node = (id: string, label: string) => { if (!nodes.has(id)) nodes.set(id, label); return id; };
  for (const e of entries) {
    const app = node(mermaidId('app', `${e.namespace}_${e.app}`), `app ${e.app}`);
    const secret = node(mermaidId('secret', e.secret), e.secret === '*' ? `every secret of ${e.store}` : `Secret ${e.secret}`);
    if (e.via === 'Secrets API') {
      edges.add(`  ${app} -. "Secrets API via ${e.store}" .-> ${secret}`);
    } else {
      const target = node(mermaidId(e.via === 'Component' ? 'component' : e.via === 'MCPServer' ? 'mcp' : 'endpoint', e.target.split(' ')[0]), `${e.via} ${e.target}`);
      edges.add(`  ${app} --> ${target}`);
      edges.add(`  ${target} -- "${e.key} via ${e.store}, ${e.resolvedBy.startsWith('dapr-operator') ? 'dapr-operator' : 'sidecar'}" --> ${secret}`);
    }
  }
  for (const [id, label] of nodes) lines.push(`  ${id}["${label.replace(/"/g, "'")}"]`);
  lines.push(...edges, '```', '');
  lines.push('| App | Reaches | Through store | Secret | Key | Resolved by | Allowed by |', '|---|---|---|---|---|---|---|');
  for (const e of entries) {
    lines.push(`| ${cell(`${e.namespace}/${e.app}`)} | ${cell(`${e.via}: ${e.target}`)} | ${cell(e.store)} | ${cell(e.secret)} | ${cell(e.key)} | ${cell(e.resolvedBy)} | ${cell(e.allowedBy)} |`);
  }
  lines.push('');
  return [...lines, ...reachSection(reach)].join('\n');
}

function reachSection(reach: readonly ReachEntry[]): string[] {
  if (reach.length === 0) return [];
  return [
    '## Who can reach each app',
    '',
    'Over the network (the NetworkPolicies that select the app\'s pods) and by Dapr service invocation (the `accessControl` of the app\'s Configuration).',
    '',
    '| App | Through | From | To | Allowed by |',
    '|---|---|---|---|---|',
    ...reach.map((r) => `| ${cell(`${r.namespace}/${r.app}`)} | ${cell(r.via)} | ${cell(r.from)} | ${cell(r.to)} | ${cell(r.allowedBy)} |`),
    '',
  ];
}
