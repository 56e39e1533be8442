export * from './projection';
export * from './projection-runner';
export * from './read-model-database';
export * from './membership/membership.projection';

import { membershipProjection } from './membership/membership.projection';
import type { Projection } from './projection';

/** Every read model the API serves, in the order they are applied. */
export const allProjections: readonly Projection[] = [membershipProjection];
