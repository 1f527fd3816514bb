import { ApiObject, App } from 'cdk8s';

/** Secret stores that read a file or the process environment on the node: for development only. */
export const DEVELOPMENT_ONLY_STORES: readonly string[] = ['secretstores.local.file', 'secretstores.local.env'];

/** Problems of one rendered object that a production stage refuses, each `field: problem. Fix: …`. */
export function developmentOnlyProblems(obj: any): string[] {
  const out: string[] = [];
  if (obj?.apiVersion?.startsWith?.('dapr.io/') && obj.kind === 'Component' && DEVELOPMENT_ONLY_STORES.includes(obj.spec?.type)) {
    out.push(`spec.type: ${obj.spec.type} is a development-only secret store (it reads ${obj.spec.type.endsWith('.env') ? "the sidecar's environment" : 'a file on the node'} in plaintext). `
      + 'Fix: in a production stage use secretstores.kubernetes with sealed or external secrets, or a managed store such as HashiCorp Vault or a cloud secret manager');
  }
  const template = obj?.kind === 'Deployment' || obj?.kind === 'StatefulSet' || obj?.kind === 'DaemonSet' ? obj.spec?.template : obj?.kind === 'Pod' ? obj : undefined;
  if (template) {
    const annotations = template.metadata?.annotations ?? {};
    if (annotations['dapr.io/log-level'] === 'debug') {
      out.push('spec.template.metadata.annotations[dapr.io/log-level]: "debug" is a development setting (debug logs can carry request data). Fix: use LogLevel.INFO or higher in a production stage');
    }
    if (annotations['dapr.io/enable-profiling'] === 'true') {
      out.push('spec.template.metadata.annotations[dapr.io/enable-profiling]: "true" opens the sidecar profiling endpoint, a development setting. Fix: leave profiling off in a production stage');
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
  for (const c of app.node.findAll()) {
    if (!ApiObject.isApiObject(c)) continue;
    const at = c.node.id === 'Resource' && c.node.scope ? c.node.scope.node.path : c.node.path;
    for (const p of developmentOnlyProblems((c as ApiObject).toJson())) out.push(`[${at}] ${p}`);
  }
  return out;
}
