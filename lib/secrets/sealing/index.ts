export * from './scope';
export * from './certificate';
export * from './seal';
