export * from './voting.errors';
export { Rational } from './rational';
export type { RationalInput } from './rational';
export type { CandidateId } from './ballots';
export { drawLot, sha256Hex } from './tie-break';
export type { Lot } from './tie-break';
export { countYesNo } from './majority';
export type { Quorum, Threshold, ThresholdBase, YesNoBallot, YesNoChoice, YesNoOptions, YesNoResult } from './majority';
export { countApproval } from './approval';
export type { ApprovalBallot, ApprovalOptions, ApprovalResult } from './approval';
export { countSchulze } from './schulze';
export type { RankedBallot, Ranking, SchulzeOptions, SchulzeResult } from './schulze';
export type { StvBallot, StvOptions, TieBreak } from './stv';
export { countScottishStv } from './scottish-stv';
export type {
  ScottishStvAction,
  ScottishStvElection,
  ScottishStvParcel,
  ScottishStvResult,
  ScottishStvStage,
  ScottishStvTally,
  StvStatus,
} from './scottish-stv';
export { countMeekStv } from './meek-stv';
export type { MeekRound, MeekStatus, MeekStvResult, MeekTally } from './meek-stv';
export { apportion } from './apportionment';
export type {
  Allocation,
  ApportionmentMethod,
  ApportionmentOptions,
  ApportionmentResult,
  ApportionmentUnit,
  HamiltonLine,
  HamiltonRound,
  Quotient,
  SeatAward,
} from './apportionment';
export { bltCountInput, formatBlt, parseBlt } from './blt';
export type { BltBallot, BltElection } from './blt';
