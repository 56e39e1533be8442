import fc from 'fast-check';
import { DomainError, ForbiddenError, InvalidInputError, foldEvents } from '../../../core/src';
import { DeciderSpecification } from '../../../testing/src';
import { ClauseOperation } from '../clauses/clauses';
import {
  amendedAt,
  amendmentDeadline,
  amendmentId,
  amendmentRules,
  delegate,
  phases,
  proposalId,
  secondaryId,
  voteId,
  yesNoTally,
} from '../testing/fixtures';
import { AmendmentCommand, AmendmentTargetFacts, ProposeAmendment } from './amendment.commands';
import { amendmentDecider } from './amendment.decider';
import { AmendmentEvent, AmendmentProposed, amendmentStream } from './amendment.events';
import { AmendmentFacts, amendmentFacts } from './amendment.state';

const author = 'm-author';
const base = ['Members meet yearly.', 'Dues are voluntary.'];
const operations: ClauseOperation[] = [{ op: 'replace', clause: 2, text: 'Dues are set by each branch.' }];
const proposedClauses = ['Members meet yearly.', 'Dues are set by each branch.'];
const later = '2026-06-13T10:00:00.000Z';

const target = (overrides: Partial<AmendmentTargetFacts> = {}): AmendmentTargetFacts => ({
  proposalId,
  proposalStatus: 'open',
  parent: null,
  base: { version: 1, clauses: base },
  currentVersion: 1,
  ...overrides,
});

const propose = (overrides: Partial<ProposeAmendment['data']> = {}): ProposeAmendment => ({
  type: 'ProposeAmendment',
  data: {
    amendmentId,
    author: delegate(author),
    target: target(),
    operations,
    phase: 'amendment',
    rules: amendmentRules(),
    deadlines: { amendment: amendmentDeadline },
    proposedAt: amendedAt,
    ...overrides,
  },
});

const proposed = (overrides: Partial<AmendmentProposed['data']> = {}): AmendmentProposed => ({
  type: 'AmendmentProposed',
  data: {
    amendmentId,
    proposalId,
    parentAmendmentId: null,
    depth: 1,
    authorId: author,
    baseVersion: 1,
    operations,
    proposedClauses,
    proposedAt: amendedAt,
    ...overrides,
  },
});

const conflicted: AmendmentEvent = {
  type: 'AmendmentFellIntoConflict',
  data: { amendmentId, baseVersion: 1, currentVersion: 2, detectedAt: later },
};
const putToVote: AmendmentEvent = {
  type: 'AmendmentPutToVote',
  data: { amendmentId, voteId, revision: 1, putAt: later },
};

const spec = DeciderSpecification(amendmentDecider);

describe('amendment decider', () => {
  it('names its stream after the amendment', () => {
    expect(amendmentStream(amendmentId)).toBe(`Amendment-${amendmentId}`);
  });

  describe('ProposeAmendment', () => {
    it('records a primary amendment with the text it would give the proposal', () => {
      spec.given([]).when(propose()).then([proposed()]);
    });

    it('records a secondary amendment against its parent’s proposed text', () => {
      const secondaryOperations: ClauseOperation[] = [
        { op: 'insert-after', clause: 2, text: 'Branches publish their dues.' },
      ];
      spec
        .given([])
        .when(
          propose({
            amendmentId: secondaryId,
            target: target({
              parent: { amendmentId, depth: 1, status: 'pending' },
              base: { version: 1, clauses: proposedClauses },
            }),
            operations: secondaryOperations,
          }),
        )
        .then([
          proposed({
            amendmentId: secondaryId,
            parentAmendmentId: amendmentId,
            depth: 2,
            operations: secondaryOperations,
            proposedClauses: [...proposedClauses, 'Branches publish their dues.'],
          }),
        ]);
    });

    it('refuses an author who is not a credentialed delegate', () => {
      spec
        .given([])
        .when(propose({ author: delegate(author, false) }))
        .thenThrows(ForbiddenError, 'NOT_A_CREDENTIALED_DELEGATE');
    });

    it('refuses an amendment deeper than the rules allow', () => {
      const error = spec
        .given([])
        .when(
          propose({
            rules: amendmentRules({ amendmentDepth: 1 }),
            target: target({ parent: { amendmentId, depth: 1, status: 'pending' } }),
          }),
        )
        .thenThrows(ForbiddenError, 'AMENDMENT_TOO_DEEP');
      expect(error.message).toContain('level 2');
      spec
        .given([])
        .when(propose({ rules: amendmentRules({ amendmentDepth: 0 }) }))
        .thenThrows(ForbiddenError, 'AMENDMENT_TOO_DEEP');
    });

    it.each(phases.filter((phase) => phase !== 'amendment'))('refuses an amendment in the %s phase', (phase) => {
      spec.given([]).when(propose({ phase })).thenThrows(DomainError, 'AMENDMENT_SUBMISSION_CLOSED');
    });

    it('refuses an amendment at or after the deadline', () => {
      spec
        .given([])
        .when(propose({ proposedAt: amendmentDeadline }))
        .thenThrows(DomainError, 'AMENDMENT_SUBMISSION_CLOSED');
    });

    it.each(['withdrawn', 'adopted', 'rejected', 'under-vote'] as const)(
      'refuses to amend a %s proposal',
      (proposalStatus) => {
        spec
          .given([])
          .when(propose({ target: target({ proposalStatus }) }))
          .thenThrows(DomainError, 'PROPOSAL_NOT_AMENDABLE');
      },
    );

    it('refuses to amend an amendment that is no longer pending', () => {
      spec
        .given([])
        .when(propose({ target: target({ parent: { amendmentId, depth: 1, status: 'rejected' } }) }))
        .thenThrows(DomainError, 'AMENDMENT_NOT_PENDING');
    });

    it('refuses a named version that is not the current one', () => {
      spec
        .given([])
        .when(propose({ target: target({ currentVersion: 2 }) }))
        .thenThrows(DomainError, 'AMENDMENT_BASE_OUTDATED');
    });

    it('refuses operations that do not fit the named version', () => {
      const error = spec
        .given([])
        .when(propose({ operations: [{ op: 'strike', clause: 3 }] }))
        .thenThrows(InvalidInputError) as InvalidInputError;
      expect(error.problems.map((problem) => problem.field)).toEqual(['operations[0].clause']);
    });

    it('refuses to propose the same amendment twice', () => {
      spec.given([proposed()]).when(propose()).thenThrows(DomainError, 'AMENDMENT_ALREADY_PROPOSED');
    });
  });

  describe('conflict and rebase', () => {
    const mark = (currentVersion: number): AmendmentCommand => ({
      type: 'MarkAmendmentInConflict',
      data: { amendmentId, currentVersion, detectedAt: later },
    });
    const rebase = (memberId = author, overrides: Partial<AmendmentTargetFacts> = {}): AmendmentCommand => ({
      type: 'RebaseAmendment',
      data: {
        amendmentId,
        memberId,
        target: target({
          base: { version: 2, clauses: ['Members meet twice a year.', 'Dues are voluntary.'] },
          currentVersion: 2,
          ...overrides,
        }),
        operations,
        rebasedAt: later,
      },
    });

    it('falls into conflict when what it amends has a newer version, once', () => {
      spec.given([proposed()]).when(mark(2)).then([conflicted]);
      spec.given([proposed(), conflicted]).when(mark(3)).thenNothingHappened();
      spec.given([proposed()]).when(mark(1)).thenNothingHappened();
    });

    it('cannot be put to a vote while in conflict', () => {
      spec
        .given([proposed(), conflicted])
        .when({ type: 'PutAmendmentToVote', data: { amendmentId, voteId, putAt: later } })
        .thenThrows(DomainError, 'AMENDMENT_IN_CONFLICT');
    });

    it('is rebased by its author on the current version, which ends the conflict', () => {
      const rebased: AmendmentEvent = {
        type: 'AmendmentRebased',
        data: {
          amendmentId,
          revision: 2,
          baseVersion: 2,
          operations,
          proposedClauses: ['Members meet twice a year.', 'Dues are set by each branch.'],
          rebasedAt: later,
        },
      };
      spec.given([proposed(), conflicted]).when(rebase()).then([rebased]);
      spec
        .given([proposed(), conflicted, rebased])
        .when({ type: 'PutAmendmentToVote', data: { amendmentId, voteId, putAt: later } })
        .then([{ type: 'AmendmentPutToVote', data: { amendmentId, voteId, revision: 2, putAt: later } }]);
    });

    it('refuses a rebase by anyone but the author, or on a version that is not current', () => {
      spec.given([proposed(), conflicted]).when(rebase('m-other')).thenThrows(ForbiddenError, 'NOT_THE_AUTHOR');
      spec
        .given([proposed(), conflicted])
        .when(rebase(author, { currentVersion: 3 }))
        .thenThrows(DomainError, 'AMENDMENT_BASE_OUTDATED');
    });
  });

  describe('withdrawal, friendly acceptance and decision', () => {
    it('lets the author withdraw a pending amendment', () => {
      spec
        .given([proposed()])
        .when({ type: 'WithdrawAmendment', data: { amendmentId, memberId: author, withdrawnAt: later } })
        .then([{ type: 'AmendmentWithdrawn', data: { amendmentId, withdrawnBy: author, withdrawnAt: later } }]);
      spec
        .given([proposed(), putToVote])
        .when({ type: 'WithdrawAmendment', data: { amendmentId, memberId: author, withdrawnAt: later } })
        .thenThrows(DomainError, 'AMENDMENT_NOT_PENDING');
    });

    it('records the sponsor’s friendly acceptance', () => {
      spec
        .given([proposed()])
        .when({
          type: 'MarkAmendmentAcceptedAsFriendly',
          data: { amendmentId, acceptedBy: 'm-sponsor', proposalVersion: 2, acceptedAt: later },
        })
        .then([
          {
            type: 'AmendmentAcceptedAsFriendly',
            data: { amendmentId, acceptedBy: 'm-sponsor', proposalVersion: 2, acceptedAt: later },
          },
        ]);
    });

    it('is adopted or rejected by its vote, with the tally', () => {
      const decide = (yes: number, no: number): AmendmentCommand => ({
        type: 'RecordAmendmentDecision',
        data: { amendmentId, voteId, tally: yesNoTally(yes, no), decidedAt: later },
      });
      spec
        .given([proposed(), putToVote])
        .when(decide(6, 4))
        .then([{ type: 'AmendmentAdopted', data: { amendmentId, voteId, tally: yesNoTally(6, 4), adoptedAt: later } }]);
      spec
        .given([proposed(), putToVote])
        .when(decide(4, 4))
        .then([
          { type: 'AmendmentRejected', data: { amendmentId, voteId, tally: yesNoTally(4, 4), rejectedAt: later } },
        ]);
    });
  });

  describe('ApplyAdoptedSecondary', () => {
    const secondary = (overrides: Partial<AmendmentFacts> = {}): AmendmentFacts => ({
      amendmentId: secondaryId,
      proposalId,
      parentAmendmentId: amendmentId,
      depth: 2,
      baseVersion: 1,
      revision: 1,
      proposedClauses: [...proposedClauses, 'Branches publish their dues.'],
      status: 'adopted',
      ...overrides,
    });
    const apply = (facts = secondary()): AmendmentCommand => ({
      type: 'ApplyAdoptedSecondary',
      data: { amendmentId, secondary: facts, voteId: 'v-secondary', appliedAt: later },
    });
    const revised: AmendmentEvent = {
      type: 'AmendmentRevisedBySecondary',
      data: {
        amendmentId,
        secondaryAmendmentId: secondaryId,
        voteId: 'v-secondary',
        revision: 2,
        proposedClauses: secondary().proposedClauses,
        revisedAt: later,
      },
    };

    it('takes the adopted secondary’s text in as a new revision, once', () => {
      spec.given([proposed()]).when(apply()).then([revised]);
      spec.given([proposed(), revised]).when(apply()).thenNothingHappened();
      const state = foldEvents(amendmentDecider, [proposed(), revised]);
      expect(state.status !== 'unknown' && amendmentFacts(state)).toMatchObject({
        revision: 2,
        proposedClauses: secondary().proposedClauses,
      });
    });

    it('refuses a secondary drafted on an older revision, or not adopted', () => {
      spec
        .given([proposed()])
        .when(apply(secondary({ baseVersion: 0 })))
        .thenThrows(DomainError, 'AMENDMENT_IN_CONFLICT');
      spec
        .given([proposed()])
        .when(apply(secondary({ status: 'pending' })))
        .thenThrows(DomainError, 'AMENDMENT_NOT_PENDING');
    });
  });

  it('replaying the stored events always gives the same state', () => {
    const command = fc.oneof(
      fc.integer({ min: 1, max: 4 }).map((currentVersion): AmendmentCommand => ({
        type: 'MarkAmendmentInConflict',
        data: { amendmentId, currentVersion, detectedAt: later },
      })),
      fc.integer({ min: 1, max: 4 }).map((version): AmendmentCommand => ({
        type: 'RebaseAmendment',
        data: {
          amendmentId,
          memberId: author,
          target: target({ base: { version, clauses: base }, currentVersion: version }),
          operations,
          rebasedAt: later,
        },
      })),
      fc.constant<AmendmentCommand>({ type: 'PutAmendmentToVote', data: { amendmentId, voteId, putAt: later } }),
      fc.constant<AmendmentCommand>({
        type: 'WithdrawAmendment',
        data: { amendmentId, memberId: author, withdrawnAt: later },
      }),
      fc.nat(10).map((yes): AmendmentCommand => ({
        type: 'RecordAmendmentDecision',
        data: { amendmentId, voteId, tally: yesNoTally(yes, 5), decidedAt: later },
      })),
    );
    fc.assert(
      fc.property(fc.array(command, { maxLength: 12 }), (sequence) => {
        let state = amendmentDecider.initialState();
        const history: AmendmentEvent[] = [];
        for (const next of [propose(), ...sequence]) {
          try {
            const events = amendmentDecider.decide(next, state);
            history.push(...events);
            state = events.reduce(amendmentDecider.evolve, state);
          } catch {
            // a refused command appends nothing
          }
        }
        expect(foldEvents(amendmentDecider, JSON.parse(JSON.stringify(history)))).toEqual(state);
      }),
    );
  });

  describe('compensations: released from a cancelled vote, friendly acceptance revoked', () => {
    const acceptedAsFriendly: AmendmentEvent = {
      type: 'AmendmentAcceptedAsFriendly',
      data: { amendmentId, acceptedBy: 'm-sponsor', proposalVersion: 2, acceptedAt: later },
    };

    it('goes back to pending when the vote it was put to is cancelled, and only for that vote', () => {
      const released: AmendmentEvent = {
        type: 'AmendmentReleasedFromVote',
        data: { amendmentId, voteId, releasedAt: later },
      };
      spec
        .given([proposed(), putToVote])
        .when({ type: 'ReleaseAmendmentFromVote', data: { amendmentId, voteId, releasedAt: later } })
        .then([released]);
      spec
        .given([proposed(), putToVote])
        .when({ type: 'ReleaseAmendmentFromVote', data: { amendmentId, voteId: 'v-other', releasedAt: later } })
        .thenNothingHappened();
      expect(foldEvents(amendmentDecider, [proposed(), putToVote, released])).toMatchObject({
        status: 'pending',
        voteId: null,
      });
    });

    it('goes back to pending when the proposal could not take in its friendly acceptance', () => {
      const revoke: AmendmentCommand = {
        type: 'RevokeFriendlyAcceptance',
        data: { amendmentId, reason: 'PROPOSAL_HELD_BY_AMENDMENT_VOTE', revokedAt: later },
      };
      spec
        .given([proposed(), acceptedAsFriendly])
        .when(revoke)
        .then([{ type: 'AmendmentFriendlyAcceptanceRevoked', data: revoke.data }]);
      spec.given([proposed()]).when(revoke).thenNothingHappened();
    });

    it('records the acceptance first, so a withdrawal after it is refused', () => {
      spec
        .given([proposed(), acceptedAsFriendly])
        .when({ type: 'WithdrawAmendment', data: { amendmentId, memberId: author, withdrawnAt: later } })
        .thenThrows(DomainError, 'AMENDMENT_NOT_PENDING');
    });
  });

  describe('HoldAmendmentForSecondaryVote (the reservation a vote on a secondary takes on its parent)', () => {
    const secondary = (baseVersion = 1) => ({
      amendmentId: 'a-secondary',
      proposalId,
      parentAmendmentId: amendmentId,
      depth: 2,
      baseVersion,
      revision: 1,
      proposedClauses,
      status: 'under-vote' as const,
    });
    const hold = (vote = voteId, base = 1): AmendmentCommand => ({
      type: 'HoldAmendmentForSecondaryVote',
      data: { amendmentId, secondary: secondary(base), voteId: vote, heldAt: later },
    });
    const held: AmendmentEvent = {
      type: 'AmendmentHeldForSecondaryVote',
      data: { amendmentId, secondaryAmendmentId: 'a-secondary', voteId, revision: 1, heldAt: later },
    };

    it('holds the parent at its revision for one vote; while held it is not rebased, withdrawn or accepted', () => {
      spec.given([proposed()]).when(hold()).then([held]);
      spec.given([proposed(), held]).when(hold()).thenNothingHappened();
      spec.given([proposed(), held]).when(hold('v-other')).thenThrows(DomainError, 'AMENDMENT_HELD_BY_SECONDARY_VOTE');
      spec.given([proposed()]).when(hold(voteId, 2)).thenThrows(DomainError, 'AMENDMENT_IN_CONFLICT');
      spec
        .given([proposed(), held])
        .when({ type: 'WithdrawAmendment', data: { amendmentId, memberId: author, withdrawnAt: later } })
        .thenThrows(DomainError, 'AMENDMENT_HELD_BY_SECONDARY_VOTE');
      spec
        .given([proposed(), held])
        .when({
          type: 'MarkAmendmentAcceptedAsFriendly',
          data: { amendmentId, acceptedBy: 'm-sponsor', proposalVersion: 2, acceptedAt: later },
        })
        .thenThrows(DomainError, 'AMENDMENT_HELD_BY_SECONDARY_VOTE');
    });

    it('is released by its vote, or by the secondary it held for being taken in', () => {
      spec
        .given([proposed(), held])
        .when({ type: 'ReleaseAmendmentFromVote', data: { amendmentId, voteId, releasedAt: later } })
        .then([{ type: 'AmendmentReleasedFromVote', data: { amendmentId, voteId, releasedAt: later } }]);
      const revised: AmendmentEvent = {
        type: 'AmendmentRevisedBySecondary',
        data: {
          amendmentId,
          secondaryAmendmentId: 'a-secondary',
          voteId,
          revision: 2,
          proposedClauses,
          revisedAt: later,
        },
      };
      expect(foldEvents(amendmentDecider, [proposed(), held, revised])).toMatchObject({ heldBy: null, revision: 2 });
    });
  });
});
