/** Events of the organization's commitments stream, Commitments-organization. */
export type CommitmentsPublished = {
  type: 'CommitmentsPublished';
  data: { version: number; principles: string[]; publishedAt: string };
};

/** Everything that can happen to the commitments. */
export type CommitmentsEvent = CommitmentsPublished;

/** The commitments are one per installation, so their stream has a fixed name. */
export const commitmentsStream = (): string => 'Commitments-organization';
