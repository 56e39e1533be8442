export * from './decider-specification';
export * from './temp-dir';
export * from './test-metadata';
export * from './store-fixture';
