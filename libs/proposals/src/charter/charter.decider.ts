import { Decider, assertNever } from '../../../core/src';
import { checkClauses, consolidateClauses, normalizeClauses } from '../clauses/clauses';
import { WrongConventionPhaseError } from '../errors';
import { checkAt, checkCount, checkId, rejectProblems } from '../validation';
import { CharterCommand, EnactAdoptedProposal } from './charter.commands';
import {
  CharterAlreadyRatifiedError,
  CharterEntryExistsError,
  ProposalNotAdoptedError,
  RuleAlreadyExistsError,
  RuleChangedSinceProposalError,
  RuleNotFoundError,
  RuleRepealedError,
} from './charter.errors';
import { CharterEvent, EnactmentOrigin } from './charter.events';
import { CharterRule, CharterState, evolveCharter, initialCharterState } from './charter.state';
import { ProposalMotion } from '../proposal/proposal.events';

function ruleInForce(state: CharterState, ruleId: string): CharterRule {
  const rule = Object.prototype.hasOwnProperty.call(state.rules, ruleId) ? state.rules[ruleId] : undefined;
  if (rule === undefined) throw new RuleNotFoundError(ruleId);
  if (rule.status === 'repealed') throw new RuleRepealedError(ruleId);
  return rule;
}

/**
 * The rules of procedure on drafts of an outdated rule. Before the vote: a proposal that amends
 * or repeals a rule must be drafted on the version in force (checked here, when the vote opens),
 * so delegates redraft rather than vote on a text that no longer applies. After the vote: an
 * adopted proposal always takes effect against the text in force (see `enact`): when two
 * proposals on one rule were put to votes before either was enacted, the one adopted later is
 * the convention's later word; its rule version names the proposal, and the proposal the rule
 * version it was drafted on, so the replaced intermediate version stays traceable.
 */
export function requireDraftOnRuleInForce(state: CharterState, motion: ProposalMotion): void {
  if (motion.kind !== 'amend-rule' && motion.kind !== 'repeal-rule') return;
  const rule = ruleInForce(state, motion.ruleId);
  const current = rule.versions[rule.versions.length - 1].version;
  if (current !== motion.ruleVersion)
    throw new RuleChangedSinceProposalError(motion.ruleId, motion.ruleVersion, current);
}

const has = (record: Readonly<Record<string, unknown>>, id: string): boolean =>
  Object.prototype.hasOwnProperty.call(record, id);

function enact(command: EnactAdoptedProposal, state: CharterState): CharterEvent[] {
  const { proposal, enactedAt } = command.data;
  const clauses = normalizeClauses(proposal.clauses ?? []);
  rejectProblems(
    checkId('proposal.proposalId', proposal.proposalId),
    checkClauses('proposal.clauses', clauses),
    checkCount('proposal.version', proposal.version, 1),
    checkAt('enactedAt', enactedAt),
  );
  if (state.enactedProposalIds.includes(proposal.proposalId)) return [];
  if (proposal.status !== 'adopted' || proposal.voteId === null) {
    throw new ProposalNotAdoptedError(proposal.proposalId, proposal.status);
  }
  if (state.phase === 'FINAL') throw new CharterAlreadyRatifiedError();
  const origin: EnactmentOrigin = {
    proposalId: proposal.proposalId,
    proposalVersion: proposal.version,
    voteId: proposal.voteId,
    amendmentIds: [...proposal.amendmentIds],
  };
  const { motion, title } = proposal;
  switch (motion.kind) {
    case 'adopt-rule': {
      if (has(state.rules, motion.ruleId)) throw new RuleAlreadyExistsError(motion.ruleId);
      const consolidatedText = consolidateClauses(clauses);
      return [
        {
          type: 'RuleAdopted',
          data: { ruleId: motion.ruleId, version: 1, title, clauses, consolidatedText, origin, adoptedAt: enactedAt },
        },
      ];
    }
    case 'amend-rule': {
      const rule = ruleInForce(state, motion.ruleId);
      const version = rule.versions[rule.versions.length - 1].version + 1;
      const consolidatedText = consolidateClauses(clauses);
      return [
        {
          type: 'RuleAmended',
          data: { ruleId: motion.ruleId, version, clauses, consolidatedText, origin, amendedAt: enactedAt },
        },
      ];
    }
    case 'repeal-rule': {
      const rule = ruleInForce(state, motion.ruleId);
      const repealedVersion = rule.versions[rule.versions.length - 1].version;
      return [
        {
          type: 'RuleRepealed',
          data: { ruleId: motion.ruleId, repealedVersion, origin, repealedAt: enactedAt },
        },
      ];
    }
    case 'create-body':
      if (has(state.bodies, motion.bodyId)) throw new CharterEntryExistsError('body', motion.bodyId);
      return [
        {
          type: 'BodyCreated',
          data: {
            bodyId: motion.bodyId,
            name: motion.name,
            composition: motion.composition.map((seats) => ({ ...seats })),
            mandate: clauses,
            origin,
            createdAt: enactedAt,
          },
        },
      ];
    case 'adopt-commitment':
      if (has(state.commitments, motion.commitmentId)) {
        throw new CharterEntryExistsError('commitment', motion.commitmentId);
      }
      return [
        {
          type: 'CommitmentAdopted',
          data: { commitmentId: motion.commitmentId, title, clauses, origin, adoptedAt: enactedAt },
        },
      ];
    case 'adopt-campaign':
      if (has(state.campaigns, motion.campaignId)) throw new CharterEntryExistsError('campaign', motion.campaignId);
      return [
        {
          type: 'CampaignAdopted',
          data: { campaignId: motion.campaignId, title, clauses, origin, adoptedAt: enactedAt },
        },
      ];
    case 'resolution':
      return [{ type: 'ResolutionAdopted', data: { title, clauses, origin, adoptedAt: enactedAt } }];
    default:
      return assertNever(motion);
  }
}

function decide(command: CharterCommand, state: CharterState): CharterEvent[] {
  switch (command.type) {
    case 'EnactAdoptedProposal':
      return enact(command, state);
    case 'RecordRatification': {
      const { referendumId, phase, tally, decidedAt } = command.data;
      rejectProblems(
        checkId('referendumId', referendumId),
        checkAt('decidedAt', decidedAt),
        tally?.method === 'yes-no' ? [] : [{ field: 'tally', message: 'must be the referendum’s yes/no result' }],
      );
      if (state.ratification?.referendumId === referendumId) return [];
      if (state.phase === 'FINAL') throw new CharterAlreadyRatifiedError();
      if (phase !== 'ratification')
        throw new WrongConventionPhaseError('Ratifying the charter', phase, ['ratification']);
      return tally.outcome === 'adopted'
        ? [{ type: 'CharterRatified', data: { referendumId, tally, phase: 'FINAL', ratifiedAt: decidedAt } }]
        : [{ type: 'CharterRatificationFailed', data: { referendumId, tally, failedAt: decidedAt } }];
    }
    default:
      return assertNever(command);
  }
}

/**
 * The organization's charter: what adopted proposals enact (rules with every version and the
 * proposal, amendments and vote behind it; bodies; commitments; campaigns; resolutions), and the
 * phase, INTERIM until the members ratify it in a referendum, then FINAL.
 */
export const charterDecider: Decider<CharterCommand, CharterEvent, CharterState> = {
  decide,
  evolve: evolveCharter,
  initialState: initialCharterState,
};
