/** What the access map's readers (access-map.ts, reach-map.ts) look up in a stage's rendered objects. */

/** An object's namespace (`default` when it names none). */
export function namespaceOf(o: any): string {
  return o?.metadata?.namespace ?? 'default';
}

/** The first of `list` for each `<namespace>\0<name>`. */
export function firstByName(list: readonly any[]): Map<string, any> {
  const map = new Map<string, any>();
  for (const o of list) {
    const key = `${namespaceOf(o)}\u0000${o.metadata?.name}`;
    if (!map.has(key)) map.set(key, o);
  }
  return map;
}

/** A workload whose pods run a Dapr sidecar. */
export interface DaprWorkload {
  readonly workload: any;
  /** `dapr.io/app-id`. */
  readonly app: string;
  readonly namespace: string;
  /** The pod template's annotations. */
  readonly annotations: Record<string, string>;
}

/** Each Deployment, StatefulSet and DaemonSet with `dapr.io/enabled: "true"` and an app ID, in order. */
export function daprWorkloads(objects: readonly any[]): DaprWorkload[] {
  const out: DaprWorkload[] = [];
  for (const w of objects) {
    if (!['Deployment', 'StatefulSet', 'DaemonSet'].includes(w?.kind)) continue;
    const annotations = w.spec?.template?.metadata?.annotations ?? {};
    const app: string | undefined = annotations['dapr.io/app-id'];
    if (annotations['dapr.io/enabled'] !== 'true' || !app) continue;
    out.push({ workload: w, app, namespace: namespaceOf(w), annotations });
  }
  return out;
}
