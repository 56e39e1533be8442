export * from './ledger-verifier';
