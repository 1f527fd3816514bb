/** Pod Security checks over rendered manifests, with Dapr's injected sidecar modelled. */
export * from './dapr-injector';
export * from './pod-templates';
export * from './pod-security';
