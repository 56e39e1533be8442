export * from './merkle-tree';
export * from './ledger-leaf';
export * from './checkpoint';
