export * from './batch.ts';
export * from './business-date.ts';
export * from './canonical.ts';
export * from './payloads.ts';
export * from './till-close.ts';
export * from './receptions.ts';
export * from './master-data.ts';
