export * from './event-store';
export * from './sqlite/sqlite-event-store';
export * from './sqlite/sqlite-pragmas';
export * from './command-runner';
export * from './eventstoredb/eventstoredb-event-store';
export * from './log-scan';
export * from './append-limit';
export * from './event-versions';
