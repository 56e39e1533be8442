/** Publishes a new version of the commitments; the version number is the decider's to assign. */
export type PublishCommitments = {
  type: 'PublishCommitments';
  data: { principles: string[]; publishedAt: string };
};

/** Everything that can be asked of the commitments. */
export type CommitmentsCommand = PublishCommitments;
