export * from './canary';
export * from './encodings';
export * from './find-leaks';
export * from './scan-files';
export * from './pulumi';
export * from './format';
