export * from '../secrets/pulumi-config-delivery';
