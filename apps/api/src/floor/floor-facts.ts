import { memberDecider, memberStream } from '../../../../libs/membership/src';
import { Injectable } from '@nestjs/common';
import { Actor, EventMetadata, uuidV5 } from '../../../../libs/core/src';
import {
  ConventionPhase as ConventionStagePhase,
  ConventionNotFoundError,
  CurrentConvention,
  ProposalKind as ConventionProposalKind,
  RulesOfProcedure,
  deadlineOf,
  delegateElectionId,
  holdsCredentialedSeat,
  isOnSecretariat,
  chaptersWithSeats,
  DelegateElectionState,
  seatWeightOf,
} from '../../../../libs/convention/src';
import { CommandEnvelope, CommandRunner } from '../../../../libs/event-store/src';
import {
  AmendmentRules,
  ConventionElectorate,
  ConventionPhase,
  DelegateFacts,
  ProposalKind,
  SecretariatFacts,
  SubmissionRules,
  VoteRules,
  VotingProcedure,
} from '../../../../libs/proposals/src';
import { Rational, Threshold } from '../../../../libs/voting/src';
import { AcceptedCommand } from '../commands/command-envelope';
import { chapterOfMember, conventionActorId, loadConventions, loadElection } from '../convention/convention-facts';

/**
 * The one place where the convention context's vocabulary (UPPER_SNAKE phases and proposal kinds,
 * rules of procedure as fractions) becomes the proposals context's (kebab-case, libs/voting
 * thresholds), and where the floor's handlers read the facts they hand to the deciders.
 */

const PHASES: Record<ConventionStagePhase, ConventionPhase> = {
  CALLED: 'called',
  DELEGATE_SELECTION: 'delegate-selection',
  PROPOSAL_SUBMISSION: 'proposal-submission',
  AMENDMENT: 'amendment',
  DELIBERATION: 'deliberation',
  VOTING: 'voting',
  RATIFICATION: 'ratification',
  CLOSED: 'closed',
};

const KINDS: Record<ConventionProposalKind, ProposalKind> = {
  ADOPT_RULE: 'adopt-rule',
  AMEND_RULE: 'amend-rule',
  REPEAL_RULE: 'repeal-rule',
  CREATE_BODY: 'create-body',
  ADOPT_COMMITMENT: 'adopt-commitment',
  ADOPT_CAMPAIGN: 'adopt-campaign',
  RESOLUTION: 'resolution',
};

export function proposalKindOf(kind: ConventionProposalKind): ProposalKind {
  return KINDS[kind];
}

export function conventionProposalKindOf(kind: ProposalKind): ConventionProposalKind {
  return (Object.keys(KINDS) as ConventionProposalKind[]).find((key) => KINDS[key] === kind) as ConventionProposalKind;
}

/** A phase with no deadline in the rules lasts until the secretariat moves on. */
const NO_DEADLINE = '9999-12-31T23:59:59.999Z';

/**
 * The rules of procedure give each kind a share such as "1/2" or "2/3" of the votes cast. One half
 * means more than half (a tie fails); any other share must be reached (two thirds or more).
 */
export function thresholdOf(share: string): Threshold {
  if (share === '1/2') return { kind: 'simple-majority' };
  if (share === '2/3') return { kind: 'two-thirds' };
  return { kind: 'fraction', fraction: share, of: 'cast', comparison: 'at-least' };
}

export function votingProcedureOf(rules: Pick<RulesOfProcedure, 'thresholds' | 'quorum'>): VotingProcedure {
  const quorum = { fraction: rules.quorum, of: 'electorate' as const };
  const proposals = Object.fromEntries(
    rules.thresholds.map((entry) => [KINDS[entry.kind], { threshold: thresholdOf(entry.threshold), quorum }]),
  ) as Record<ProposalKind, VoteRules>;
  // The rules of procedure set no threshold for amendments: a simple majority, with the same quorum.
  return { proposals, amendments: { threshold: { kind: 'simple-majority' }, quorum } };
}

/** The running convention as the floor's deciders need it. */
export interface FloorConvention {
  readonly convention: CurrentConvention;
  readonly conventionId: string;
  readonly phase: ConventionPhase;
  readonly submission: SubmissionRules;
  readonly amendments: AmendmentRules;
  readonly deadlines: { proposalSubmission: string; amendment: string };
  readonly voting: VotingProcedure;
}

/** The convention a floor command names; it must be the current one. */
export async function loadFloorConvention(runner: CommandRunner, conventionId: string): Promise<FloorConvention> {
  const state = await loadConventions(runner);
  const convention = state.current;
  if (convention === null || convention.conventionId !== conventionId) throw new ConventionNotFoundError(conventionId);
  const { rules } = convention;
  return {
    convention,
    conventionId,
    phase: PHASES[convention.phase],
    submission: { secondersRequired: rules.seconders },
    amendments: { amendmentDepth: rules.amendmentDepth, friendlyAmendments: rules.friendlyAmendments },
    deadlines: {
      proposalSubmission: deadlineOf(rules, 'PROPOSAL_SUBMISSION') ?? NO_DEADLINE,
      amendment: deadlineOf(rules, 'AMENDMENT') ?? NO_DEADLINE,
    },
    voting: votingProcedureOf(rules),
  };
}

export function secretariatFacts(floor: FloorConvention, actor: Actor): SecretariatFacts {
  const memberId = conventionActorId(actor);
  return {
    memberId,
    isSecretariat: isOnSecretariat({ current: floor.convention, earlier: [] }, floor.conventionId, memberId),
  };
}

/** A credentialed seat: the seat is named after the delegate first elected to it, so an alternate votes for it. */
export interface CredentialedSeat {
  readonly seatId: string;
  readonly chapterId: string;
}

function seatIdOf(election: Exclude<DelegateElectionState, { status: 'NONE' }>, memberId: string): string {
  let current = election.roster.find((entry) => entry.memberId === memberId);
  const seen = new Set<string>();
  while (current !== undefined && current.replacing !== null && !seen.has(current.memberId)) {
    seen.add(current.memberId);
    const replaced = current.replacing;
    current = election.roster.find((entry) => entry.memberId === replaced) ?? {
      ...current,
      memberId: replaced,
      replacing: null,
    };
  }
  return current?.memberId ?? memberId;
}

/**
 * Reads delegate credentials from the chapters' election streams (roles come from events, never
 * from the token). The member's own chapter is tried first: one election stream instead of all.
 */
@Injectable()
export class FloorDelegates {
  constructor(private readonly runner: CommandRunner) {}

  async seatOf(floor: FloorConvention, memberId: string): Promise<CredentialedSeat | null> {
    // A member who resigned holds no seat, whatever the election records say.
    const member = await this.runner.load(memberDecider, memberStream(memberId));
    if (member.status !== 'enrolled') return null;
    const chapters = chaptersWithSeats(floor.convention);
    const own = await chapterOfMember(this.runner, memberId);
    const order = own !== null && chapters.includes(own) ? [own, ...chapters.filter((id) => id !== own)] : chapters;
    for (const chapterId of order) {
      const election = await loadElection(this.runner, delegateElectionId(floor.conventionId, chapterId));
      if (election.status !== 'NONE' && holdsCredentialedSeat(election, memberId)) {
        return { seatId: seatIdOf(election, memberId), chapterId };
      }
    }
    return null;
  }

  async delegateFacts(floor: FloorConvention, memberId: string): Promise<DelegateFacts> {
    return { memberId, isCredentialedDelegate: (await this.seatOf(floor, memberId)) !== null };
  }

  /** Seats held by a credentialed delegate or alternate now: the electorate of a convention vote. */
  async credentialedSeats(floor: FloorConvention): Promise<string[]> {
    return (await this.electorateOf(floor)).seatIds ?? [];
  }

  /**
   * The electorate of a vote opening now: the credentialed seats, each weighing what the rules of
   * procedure give its chapter. Rules without weights give the form votes always had (every seat 1).
   */
  async electorateOf(floor: FloorConvention): Promise<ConventionElectorate> {
    const { rules } = floor.convention;
    const seatIds: string[] = [];
    const seatWeights: Record<string, string> = {};
    let total = Rational.ZERO;
    for (const chapterId of chaptersWithSeats(floor.convention)) {
      const election = await loadElection(this.runner, delegateElectionId(floor.conventionId, chapterId));
      if (election.status === 'NONE') continue;
      for (const entry of election.roster) {
        if (!holdsCredentialedSeat(election, entry.memberId)) continue;
        const seatId = seatIdOf(election, entry.memberId);
        seatIds.push(seatId);
        seatWeights[seatId] = seatWeightOf(rules, chapterId);
        total = total.add(Rational.parse(seatWeights[seatId]));
      }
    }
    if (rules.seatWeights === undefined) {
      return { seats: seatIds.length, totalWeight: String(Math.max(seatIds.length, 1)), seatIds };
    }
    return { seats: seatIds.length, totalWeight: total.isZero() ? '1' : total.toString(), seatIds, seatWeights };
  }
}

/**
 * The envelope of one step of a multi-stream command: its own command id derived from the
 * command's, so a retry of the command recognises the step as done and completes the rest.
 */
export function stepEnvelope<Command>(
  accepted: AcceptedCommand,
  step: string,
  command: Command,
  rootCommandId: string = accepted.commandId,
): CommandEnvelope<Command> {
  const envelope = accepted.envelope(command, { expectedRevision: undefined });
  const metadata: EventMetadata = {
    ...envelope.metadata,
    commandId: uuidV5(`${rootCommandId}/${step}`),
    causationId: rootCommandId,
  };
  return { ...envelope, metadata };
}
