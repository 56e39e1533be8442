import { Rational, YesNoBallot, YesNoChoice, countSchulze, countYesNo } from '../../../voting/src';
import { VoteRules } from '../facts';
import {
  ConventionBallot,
  ConventionElectorate,
  ConventionVoteSubject,
  ConventionVoteTally,
  RankedTally,
} from './convention-vote.events';

/** What a count needs to know of the vote besides its ballots. */
export type TallySetup = {
  voteId: string;
  subject: ConventionVoteSubject;
  rules: VoteRules;
  electorate: ConventionElectorate;
  /** Weight present, for thresholds or quorums that refer to those present; null when not recorded. */
  present: string | null;
};

/** A ballot to count: its weight and what it says (who cast it does not matter to the count). */
export type CountedBallot = { weight: string; ballot: ConventionBallot };

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

/**
 * The status quo, a candidate in every ranked vote between competing proposals: ranking it
 * above a proposal says "rather no change than this". Proposal ids are UUIDs, so it cannot clash.
 */
export const NONE_OF_THESE = 'none-of-these';

/** How one ranking compares two candidates; unranked candidates tie below every ranked one. */
function preference(ranking: readonly string[], candidate: string, statusQuo: string): YesNoChoice {
  const rank = (id: string) => {
    const index = ranking.indexOf(id);
    return index === -1 ? Number.POSITIVE_INFINITY : index;
  };
  const [proposal, quo] = [rank(candidate), rank(statusQuo)];
  return proposal < quo ? 'yes' : quo < proposal ? 'no' : 'abstain';
}

/**
 * Counts a convention vote: a pure function of the setup and the ballots, in any order, so that the
 * ballots may later come from per-voter streams. Yes/no votes are counted by libs/voting's
 * countYesNo with the rules' threshold and quorum; competing proposals by Schulze among the
 * proposals and "none of these", seeded with the vote id for any lot, and the leading proposal is
 * adopted only if it also beats "none of these" by the threshold of the proposals' kind.
 */
export function tallyConventionVote(setup: TallySetup, ballots: readonly CountedBallot[]): ConventionVoteTally {
  const present = setup.present ?? undefined;
  if (setup.subject.kind !== 'competing-proposals') {
    const counted: YesNoBallot[] = ballots.map(({ weight, ballot }) => {
      if (ballot.method !== 'yes-no') throw new Error('A ranked ballot in a yes/no vote');
      return weight === '1' ? { choice: ballot.choice } : { choice: ballot.choice, weight };
    });
    return countYesNo(counted, {
      threshold: setup.rules.threshold,
      ...(setup.rules.quorum === null ? {} : { quorum: setup.rules.quorum }),
      electorate: setup.electorate.totalWeight,
      ...(present === undefined ? {} : { present }),
    });
  }
  const weights = ballots.map(({ weight }) => Rational.parse(weight));
  const scale = weights.reduce((lcm, weight) => (lcm * weight.denominator) / gcd(lcm, weight.denominator), 1n);
  const schulze = countSchulze(
    [...setup.subject.proposalIds, NONE_OF_THESE],
    ballots.map(({ ballot }, index) => {
      if (ballot.method !== 'ranked') throw new Error('A yes/no ballot in a ranked vote');
      const count = (weights[index].numerator * scale) / weights[index].denominator;
      return { ranking: ballot.ranking, count: Number(count) };
    }),
    { seed: setup.voteId },
  );
  const participation = weights.reduce((sum, weight) => sum.add(weight), Rational.ZERO);
  let quorum: RankedTally['quorum'] = null;
  if (setup.rules.quorum !== null) {
    const { of } = setup.rules.quorum;
    const fraction = Rational.from(setup.rules.quorum.fraction);
    const base = Rational.parse(of === 'electorate' ? setup.electorate.totalWeight : (setup.present ?? '0'));
    const required = fraction.mul(base);
    quorum = {
      fraction: fraction.toString(),
      of,
      base: base.toString(),
      required: required.toString(),
      participation: participation.toString(),
      met: participation.gte(required),
    };
  }
  const decided = quorum === null || quorum.met;
  const leader =
    decided && schulze.order !== null && schulze.ballots.voters > schulze.ballots.blank ? schulze.order[0] : null;
  // The leading proposal must also carry the kind's threshold against no change at all: each
  // ballot is a yes if it ranks the proposal above "none of these", a no if below, else abstains.
  const againstStatusQuo =
    leader === null || leader === NONE_OF_THESE
      ? null
      : countYesNo(
          ballots.map(({ weight, ballot }) => {
            const choice = preference(ballot.method === 'ranked' ? ballot.ranking : [], leader, NONE_OF_THESE);
            return weight === '1' ? { choice } : { choice, weight };
          }),
          {
            threshold: setup.rules.threshold,
            electorate: setup.electorate.totalWeight,
            ...(present === undefined ? {} : { present }),
          },
        );
  return {
    method: 'ranked',
    outcome: decided ? 'decided' : 'no-quorum',
    winner: againstStatusQuo?.outcome === 'adopted' ? leader : null,
    leader,
    againstStatusQuo,
    weightScale: scale.toString(),
    quorum,
    schulze,
  };
}

/** Whether the tally carries the subject (for a ranked vote: whether `proposalId` won). */
export function carries(tally: ConventionVoteTally, proposalId?: string): boolean {
  return tally.method === 'yes-no' ? tally.outcome === 'adopted' : tally.winner !== null && tally.winner === proposalId;
}
