import { YesNoResult, countYesNo } from '../../../voting/src';
import { AmendmentRules, ConventionPhase, DelegateFacts, SecretariatFacts, VoteRules } from '../facts';

/** Shared values for the proposals context's specs. */
export const conventionId = 'c0000000-0000-4000-8000-000000000001';
export const proposalId = 'p0000000-0000-4000-8000-000000000001';
export const otherProposalId = 'p0000000-0000-4000-8000-000000000002';
export const amendmentId = 'a0000000-0000-4000-8000-000000000001';
export const secondaryId = 'a0000000-0000-4000-8000-000000000002';
export const voteId = 'v0000000-0000-4000-8000-000000000001';

export const submittedAt = '2026-06-01T10:00:00.000Z';
export const submissionDeadline = '2026-06-10T10:00:00.000Z';
export const amendedAt = '2026-06-12T10:00:00.000Z';
export const amendmentDeadline = '2026-06-20T10:00:00.000Z';
export const votedAt = '2026-06-25T10:00:00.000Z';
export const closedAt = '2026-06-25T12:00:00.000Z';

export const delegate = (memberId: string, isCredentialedDelegate = true): DelegateFacts => ({
  memberId,
  isCredentialedDelegate,
});
export const secretariat: SecretariatFacts = { memberId: 'secretary', isSecretariat: true };
export const notSecretariat: SecretariatFacts = { memberId: 'm-ordinary', isSecretariat: false };

export const amendmentRules = (overrides: Partial<AmendmentRules> = {}): AmendmentRules => ({
  amendmentDepth: 2,
  friendlyAmendments: true,
  ...overrides,
});

export const majority: VoteRules = { threshold: { kind: 'simple-majority' }, quorum: null };
export const twoThirdsWithQuorum: VoteRules = {
  threshold: { kind: 'two-thirds' },
  quorum: { fraction: '1/2', of: 'electorate' },
};

export const phases: readonly ConventionPhase[] = [
  'called',
  'delegate-selection',
  'proposal-submission',
  'amendment',
  'deliberation',
  'voting',
  'ratification',
  'closed',
];

/** A yes/no tally as libs/voting computes it, for events that record one. */
export function yesNoTally(
  yes: number,
  no: number,
  abstain = 0,
  rules: VoteRules = majority,
  electorate = 100,
): YesNoResult {
  return countYesNo(
    [
      { choice: 'yes', count: yes },
      { choice: 'no', count: no },
      { choice: 'abstain', count: abstain },
    ],
    { threshold: rules.threshold, ...(rules.quorum ? { quorum: rules.quorum } : {}), electorate },
  );
}
