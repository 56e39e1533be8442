export * from './ledger-verifier';
export * from './audit-over-http';
export * from './archive-verifier';
