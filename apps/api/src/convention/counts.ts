import type { ApportionmentResult, ApprovalResult, ScottishStvResult } from '../../../../libs/voting/src';
import { lotsOf } from '../floor/convention-tally';
import { ApportionmentWorking, ElectionWorking } from './counts.types';

export type StoredElectionWorking = ApprovalResult | ScottishStvResult;

/** A delegate election's count and working (approval totals, or every STV stage), as typed objects. */
export function electionWorking(working: StoredElectionWorking): ElectionWorking {
  if (working.method === 'approval') {
    return {
      method: 'approval',
      ballots: working.ballots.voters,
      blank: working.ballots.blank,
      quota: null,
      stages: [],
      approvals: working.approvals.map((line) => ({ candidate: line.candidate, approvals: line.approvals })),
      elected: [...working.elected],
      alternates: [...working.alternates],
      lots: lotsOf(working.lots),
    };
  }
  return {
    method: 'scottish-stv',
    ballots: working.ballots.valid,
    blank: working.ballots.blank,
    quota: working.quota,
    stages: working.stages.map((stage) => ({
      stage: stage.stage,
      action: stage.action.kind,
      transferring: stage.action.kind === 'first-preferences' ? null : stage.action.candidate,
      transfers: stage.action.kind === 'first-preferences' ? [] : stage.action.parcels.map((parcel) => ({ ...parcel })),
      nonTransferablePapers: stage.action.kind === 'first-preferences' ? null : stage.action.nonTransferablePapers,
      lines: stage.tally.map((line) => ({ ...line })),
      elected: stage.elected.map((election) => election.candidate),
      excluded: stage.action.kind === 'exclusion' ? [stage.action.candidate] : [],
    })),
    approvals: [],
    elected: [...working.elected],
    alternates: [...working.alternates],
    lots: lotsOf(working.lots),
  };
}

/** An apportionment's working as recorded, as the schema's object. */
export function apportionmentWorking(working: ApportionmentResult): ApportionmentWorking {
  return {
    method: working.method,
    seats: working.seats,
    minimumPerUnit: working.minimumPerUnit,
    totalPopulation: working.totalPopulation,
    allocations: working.allocations.map((allocation) => ({ ...allocation })),
    awards: working.awards.map((award) => ({ ...award, quotient: { ...award.quotient } })),
    nextQuotients: working.nextQuotients.map((next) => ({ ...next, quotient: { ...next.quotient } })),
    hamiltonRounds: working.hamiltonRounds.map((round) => ({
      seats: round.seats,
      population: round.population,
      lines: round.lines.map((line) => ({ ...line, quota: { ...line.quota }, remainder: { ...line.remainder } })),
      raisedToMinimum: [...round.raisedToMinimum],
    })),
    lots: lotsOf(working.lots),
  };
}
