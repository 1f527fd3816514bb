export * from './stage';
export * from './sync-waves';
export * from './production';
export * from './access-map';
export * from './render-stages';
export * from './scan-output';
export * from './cdk8s-validation';
export * from './flux';
