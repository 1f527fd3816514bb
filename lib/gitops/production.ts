import { App } from 'cdk8s';
import { AppGraph } from '../graph/app-graph';

/** Dapr component types fit for development only, with why a production stage refuses each. */
export const DEVELOPMENT_ONLY_COMPONENTS: Readonly<Record<string, { readonly why: string; readonly fix: string }>> = {
  'secretstores.local.file': {
    why: 'is a development-only secret store (it reads a file on the node in plaintext)',
    fix: 'in a production stage use secretstores.kubernetes with sealed or external secrets, or a managed store such as HashiCorp Vault or a cloud secret manager',
  },
  'secretstores.local.env': {
    why: "is a development-only secret store (it reads the sidecar's environment in plaintext)",
    fix: 'in a production stage use secretstores.kubernetes with sealed or external secrets, or a managed store such as HashiCorp Vault or a cloud secret manager',
  },
  'state.in-memory': {
    why: 'keeps state in the memory of one sidecar, so it is lost on every restart and not shared between replicas (development only)',
    fix: 'use a durable state store such as state.redis or state.postgresql in a production stage',
  },
  'pubsub.in-memory': {
    why: 'delivers messages only inside one sidecar and loses them on restart (development only)',
    fix: 'use a broker such as pubsub.kafka or pubsub.rabbitmq in a production stage',
  },
  'conversation.echo': {
    why: 'is a test component that echoes the prompt back (development only)',
    fix: 'use a real conversation provider in a production stage',
  },
};

/** Secret stores that read a file or the process environment on the node: for development only. */
export const DEVELOPMENT_ONLY_STORES: readonly string[] = Object.keys(DEVELOPMENT_ONLY_COMPONENTS).filter((t) => t.startsWith('secretstores.'));

/** Sidecar annotations a production stage refuses when set to "true", with why. */
const DEVELOPMENT_ONLY_SWITCHES: Readonly<Record<string, string>> = {
  'dapr.io/enable-profiling': 'opens the sidecar profiling endpoint, a development setting. Fix: leave profiling off in a production stage',
  'dapr.io/enable-debug': 'runs the sidecar under the dlv debugger, waiting for a debugger to attach, a development setting. Fix: leave debugging off in a production stage',
};

/** Problems of one rendered object that a production stage refuses, each `field: problem. Fix: …`. */
export function developmentOnlyProblems(obj: any): string[] {
  const out: string[] = [];
  const type: unknown = obj?.spec?.type;
  const dev = typeof type === 'string' && Object.prototype.hasOwnProperty.call(DEVELOPMENT_ONLY_COMPONENTS, type) ? DEVELOPMENT_ONLY_COMPONENTS[type] : undefined;
  if (obj?.apiVersion?.startsWith?.('dapr.io/') && obj.kind === 'Component' && dev) {
    out.push(`spec.type: ${type} ${dev.why}. Fix: ${dev.fix}`);
  }
  const template = obj?.kind === 'Deployment' || obj?.kind === 'StatefulSet' || obj?.kind === 'DaemonSet' ? obj.spec?.template : obj?.kind === 'Pod' ? obj : undefined;
  if (template) {
    const annotations = template.metadata?.annotations ?? {};
    if (annotations['dapr.io/log-level'] === 'debug') {
      out.push('spec.template.metadata.annotations[dapr.io/log-level]: "debug" is a development setting (debug logs can carry request data). Fix: use LogLevel.INFO or higher in a production stage');
    }
    for (const [name, why] of Object.entries(DEVELOPMENT_ONLY_SWITCHES)) {
      if (annotations[name] === 'true') out.push(`spec.template.metadata.annotations[${name}]: "true" ${why}`);
    }
    for (const c of [...(template.spec?.containers ?? []), ...(template.spec?.initContainers ?? [])]) {
      const image: unknown = c?.image;
      if (typeof image !== 'string') continue;
      const last = image.split('/').pop() ?? '';
      if (!image.includes('@') && (!last.includes(':') || last.endsWith(':latest'))) {
        out.push(`containers[${c.name}].image: ${JSON.stringify(image)} is a moving tag, fit for development only. Fix: pin a version tag or a sha256 digest in a production stage`);
      }
    }
  }
  return out;
}

/** Every development-only setting in `app`, each message starting with the construct path. */
export function productionProblems(app: App): string[] {
  const out: string[] = [];
  for (const c of AppGraph.of(app).apiObjects) {
    const at = c.node.id === 'Resource' && c.node.scope ? c.node.scope.node.path : c.node.path;
    for (const p of developmentOnlyProblems(c.toJson())) out.push(`[${at}] ${p}`);
  }
  return out;
}
