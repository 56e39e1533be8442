export * from './projection';
export * from './projection-runner';
export * from './read-model-database';
export * from './read-model-snapshots';
export * from './membership/membership.projection';
export * from './membership/membership-statistics.projection';
export * from './organization/organization.projection';
export * from './convention/convention.projection';
export * from './ledger/ledger.projection';
export * from './floor/floor.projection';
export * from './ratification/ratification.projection';
export * from './audit/decision-tracker.projection';
export * from './process-manager-runner';
export * from './crash-point';

export * from './audit/provenance.projection';
export * from './audit/audit-trail.projection';

import { auditTrailProjection } from './audit/audit-trail.projection';
import { decisionTrackerProjection } from './audit/decision-tracker.projection';
import { provenanceProjection } from './audit/provenance.projection';
import { conventionProjection } from './convention/convention.projection';
import { floorProjection } from './floor/floor.projection';
import { membershipProjection } from './membership/membership.projection';
import { membershipStatisticsProjection } from './membership/membership-statistics.projection';
import { organizationProjection } from './organization/organization.projection';
import { ratificationProjection } from './ratification/ratification.projection';
import type { Projection } from './projection';

/** Every read model the API serves, in the order they are applied. */
export const allProjections: readonly Projection[] = [
  membershipProjection,
  organizationProjection,
  conventionProjection,
  floorProjection,
  ratificationProjection,
  decisionTrackerProjection,
  provenanceProjection,
  auditTrailProjection,
  membershipStatisticsProjection,
];
