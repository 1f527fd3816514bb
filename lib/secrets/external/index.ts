export * from './eso-provider';
export * from './external-secret-store-base';
export * from './external-secret-store';
export * from './cluster-external-secret-store';
export * from './external-secret-delivery';
