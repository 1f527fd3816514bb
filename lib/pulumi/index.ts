export * from './pulumi-config-delivery';
export * from './kinds';
export * from './plan';
export * from './render';
