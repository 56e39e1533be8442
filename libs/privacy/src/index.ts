export * from './key-storage';
export * from './key-vault';
export * from './postgres-key-storage';
export * from './sqlite-key-storage';
export * from './service-keys';
