export * from './envelope.ts';
export * from './volumes.ts';
export * from './namespaces.ts';
export * from './storageclasses.ts';
export * from './gpus.ts';
export * from './cost.ts';
export * from './info.ts';
export * from './poddefaults.ts';
