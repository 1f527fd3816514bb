/** The Pulumi renderer (`dapr-secure-constructs/pulumi`): the same App as Pulumi resources. */
export { PULUMI_CONFIG_DELIVERY_KIND, PulumiConfigDelivery, pulumiConfigKey } from '../secrets/pulumi-config-delivery';
export type { PulumiConfigDeliveryOptions } from '../secrets/pulumi-config-delivery';
export { apiGroup, isBuiltinGroup, TYPED_KINDS, WORKLOAD_KINDS } from './kinds';
export type { KubernetesResourceClass, TypedKind } from './kinds';
export { PlannedResourceKind, planPulumiRender } from './plan';
export type { AppPlan, ChartPlan, PlannedObject, RenderPlan } from './plan';
export { DAPR_APP_TYPE, DAPR_CHART_TYPE, DaprAppResource, DaprChartResource, renderToPulumi } from './render';
export type { PulumiRendering, PulumiRenderOptions, RenderedObject } from './render';
