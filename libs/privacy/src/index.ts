export * from './member-key-vault';
