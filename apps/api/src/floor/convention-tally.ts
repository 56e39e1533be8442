import type { ConventionVoteTally, RankedTally, VoteRules } from '../../../../libs/proposals/src';
import type { Lot, YesNoResult } from '../../../../libs/voting/src';
import {
  ConventionTallyObject,
  LotObject,
  QuorumWorking,
  VoteRulesObject,
  YesNoTallyObject,
} from './convention-tally.types';

/** The tally and rules recorded by the convention-vote events, as the schema's objects. */

export const lotsOf = (lots: readonly Lot[] | undefined): LotObject[] =>
  (lots ?? []).map((lot) => ({ context: lot.context, seed: lot.seed, order: [...lot.order], keys: [...lot.keys] }));

function yesNoTally(result: YesNoResult): YesNoTallyObject {
  const { tally, voters } = result;
  return {
    outcome: result.outcome,
    weighted: { yes: tally.yes, no: tally.no, abstain: tally.abstain },
    voters: { yes: voters.yes, no: voters.no, abstain: voters.abstain },
    cast: result.cast,
    participation: result.participation,
    quorum: result.quorum === null ? null : { ...result.quorum, participation: result.participation },
    threshold: { ...result.threshold },
  };
}

function rankedTally(result: RankedTally): RankedTallyObjectShape {
  const { schulze } = result;
  const pairwise = schulze.candidates.flatMap((candidate, i) =>
    schulze.candidates
      .map((over, j) => ({
        candidate,
        over,
        voters: schulze.pairwise[i][j],
        strongestPath: schulze.strongestPaths[i][j],
      }))
      .filter((_, j) => j !== i),
  );
  const quorum: QuorumWorking | null = result.quorum === null ? null : { ...result.quorum };
  return {
    outcome: result.outcome,
    winner: result.winner,
    leader: result.leader ?? null,
    weightScale: result.weightScale,
    quorum,
    againstStatusQuo: result.againstStatusQuo ? yesNoTally(result.againstStatusQuo) : null,
    candidates: [...schulze.candidates],
    pairwise,
    ranking: schulze.ranking.map((level) => [...level]),
    lots: lotsOf(schulze.lots),
  };
}
type RankedTallyObjectShape = NonNullable<ConventionTallyObject['ranked']>;

/** The count and working recorded at a vote's close, as typed objects. */
export function conventionTally(tally: ConventionVoteTally): ConventionTallyObject {
  return tally.method === 'yes-no'
    ? { method: 'yes-no', yesNo: yesNoTally(tally), ranked: null }
    : { method: 'ranked', yesNo: null, ranked: rankedTally(tally) };
}

export function voteRules(rules: VoteRules): VoteRulesObject {
  const { threshold, quorum } = rules;
  return {
    threshold:
      threshold.kind === 'fraction'
        ? { kind: 'fraction', fraction: String(threshold.fraction), of: threshold.of, comparison: threshold.comparison }
        : { kind: threshold.kind, fraction: null, of: null, comparison: null },
    quorum: quorum === null ? null : { fraction: String(quorum.fraction), of: quorum.of },
  };
}
