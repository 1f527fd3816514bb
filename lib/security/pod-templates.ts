/** One pod (or pod template) of a rendered object. */
export interface PodTemplate {
  /** `<Kind>/<name>` of the object, with `<namespace>/` in front when it has one. */
  readonly object: string;
  /** Dotted path of the pod template in the object, such as `spec.template`; `''` for a Pod. */
  readonly path: string;
  /** The pod's metadata (annotations decide the Dapr injection). */
  readonly metadata: Record<string, any>;
  /** The pod spec. */
  readonly spec: Record<string, any>;
}

/** Where each workload kind keeps its pod template. */
export const POD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Pod: [],
};

/** The kinds `podTemplates` reads. */
export const POD_TEMPLATE_KINDS: readonly string[] = Object.keys(POD_TEMPLATE_PATHS);

function isObject(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Names an object as `[<namespace>/]<Kind>/<name>`. */
export function objectName(obj: Record<string, any>): string {
  const name = typeof obj.metadata?.name === 'string' ? obj.metadata.name : '<no name>';
  const ns = typeof obj.metadata?.namespace === 'string' ? `${obj.metadata.namespace}/` : '';
  return `${ns}${obj.kind}/${name}`;
}

/** The pod templates of `objects`: one per workload (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, ...). */
export function podTemplates(objects: readonly unknown[]): PodTemplate[] {
  const out: PodTemplate[] = [];
  for (const obj of objects) {
    if (!isObject(obj) || typeof obj.kind !== 'string') continue;
    const steps = POD_TEMPLATE_PATHS[obj.kind];
    if (!steps) continue;
    let pod: any = obj;
    for (const s of steps) pod = isObject(pod) ? pod[s] : undefined;
    if (!isObject(pod)) continue;
    out.push({ object: objectName(obj), path: steps.join('.'), metadata: isObject(pod.metadata) ? pod.metadata : {}, spec: isObject(pod.spec) ? pod.spec : {} });
  }
  return out;
}
