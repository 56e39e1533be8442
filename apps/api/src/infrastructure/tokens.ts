export const EVENT_STORE = Symbol('EVENT_STORE');
export const READ_MODEL_DATABASE = Symbol('READ_MODEL_DATABASE');
export const MEMBER_KEY_VAULT = Symbol('MEMBER_KEY_VAULT');
