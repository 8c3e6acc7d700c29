export * from './envelope.ts';
export * from './notebooks.ts';
