export const EVENT_STORE = Symbol('EVENT_STORE');
export const READ_MODEL_DATABASE = Symbol('READ_MODEL_DATABASE');
export const KEY_VAULT = Symbol('KEY_VAULT');
export const LEDGER_DATABASE = Symbol('LEDGER_DATABASE');
export const LEDGER_PROJECTION_RUNNER = Symbol('LEDGER_PROJECTION_RUNNER');
export const METRICS = Symbol('METRICS');
export const READ_MODEL_SNAPSHOTS = Symbol('READ_MODEL_SNAPSHOTS');
