export * from './ledger-verifier';
export * from './audit-over-http';
