export * from './decider';
export * from './errors';
export * from './metadata';
export * from './uuid';
export * from './sealed';
export * from './pages';
export * from './event-versions';
export * from './text';
