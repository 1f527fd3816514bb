export * from './dapr-resource';
export * from './http-endpoint';
export * from './subscription';
export * from './resiliency';
export * from './mcp-server';
