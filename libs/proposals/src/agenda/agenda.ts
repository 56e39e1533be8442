import { AmendmentStatus } from '../amendment/amendment.state';
import { ProposalStatus } from '../proposal/proposal.state';

/** A proposal as the agenda needs it. */
export type AgendaProposal = { proposalId: string; subject: string; status: ProposalStatus; seconded: boolean };

/** An amendment as the agenda needs it. */
export type AgendaAmendment = {
  amendmentId: string;
  proposalId: string;
  parentAmendmentId: string | null;
  status: AmendmentStatus;
  inConflict: boolean;
};

/** The convention's business: proposals in the order the secretariat set, and their amendments in the order proposed. */
export type AgendaFacts = { proposals: AgendaProposal[]; amendments: AgendaAmendment[] };

/** One vote still to take. */
export type AgendaItem =
  | { kind: 'amendment'; amendmentId: string; proposalId: string; depth: number }
  | { kind: 'proposal'; proposalId: string };

/** Why an item cannot be voted on yet; empty when it can. */
export type AgendaBlock =
  | { reason: 'pending-amendments'; amendmentIds: string[] }
  | { reason: 'in-conflict' }
  | { reason: 'not-seconded' }
  | { reason: 'not-open'; status: string };

const undecidedAmendment = (status: AmendmentStatus): boolean => status === 'pending' || status === 'under-vote';
const undecidedProposal = (status: ProposalStatus): boolean => status === 'open' || status === 'under-vote';

function childrenOf(agenda: AgendaFacts, proposalId: string, parentAmendmentId: string | null): AgendaAmendment[] {
  return agenda.amendments.filter(
    (amendment) =>
      amendment.proposalId === proposalId &&
      amendment.parentAmendmentId === parentAmendmentId &&
      undecidedAmendment(amendment.status),
  );
}

/**
 * The order in which the undecided business is voted: for each proposal, each primary amendment
 * after its own secondary amendments (deepest first), and the main motion after all its amendments.
 */
export function agendaOrder(agenda: AgendaFacts): AgendaItem[] {
  const items: AgendaItem[] = [];
  const visit = (proposalId: string, parentAmendmentId: string | null, depth: number): void => {
    for (const amendment of childrenOf(agenda, proposalId, parentAmendmentId)) {
      visit(proposalId, amendment.amendmentId, depth + 1);
      items.push({ kind: 'amendment', amendmentId: amendment.amendmentId, proposalId, depth });
    }
  };
  for (const proposal of agenda.proposals) {
    if (!undecidedProposal(proposal.status)) continue;
    visit(proposal.proposalId, null, 1);
    items.push({ kind: 'proposal', proposalId: proposal.proposalId });
  }
  return items;
}

/** What stops a vote on a proposal (amendmentId null) or on one of its amendments from opening now. */
export function agendaBlocks(agenda: AgendaFacts, proposalId: string, amendmentId: string | null): AgendaBlock[] {
  const proposal = agenda.proposals.find((candidate) => candidate.proposalId === proposalId);
  if (proposal === undefined) return [{ reason: 'not-open', status: 'unknown' }];
  if (proposal.status !== 'open') return [{ reason: 'not-open', status: proposal.status }];
  const blocks: AgendaBlock[] = [];
  if (amendmentId === null) {
    if (!proposal.seconded) blocks.push({ reason: 'not-seconded' });
  } else {
    const amendment = agenda.amendments.find((candidate) => candidate.amendmentId === amendmentId);
    if (amendment === undefined || amendment.proposalId !== proposalId) {
      return [{ reason: 'not-open', status: 'unknown' }];
    }
    if (amendment.status !== 'pending') return [{ reason: 'not-open', status: amendment.status }];
    if (amendment.inConflict) blocks.push({ reason: 'in-conflict' });
  }
  // Any undecided amendment below this item, at any depth, must be voted first.
  const pending: string[] = [];
  const collect = (parent: string | null): void => {
    for (const child of childrenOf(agenda, proposalId, parent)) {
      pending.push(child.amendmentId);
      collect(child.amendmentId);
    }
  };
  collect(amendmentId);
  if (pending.length > 0) blocks.push({ reason: 'pending-amendments', amendmentIds: pending });
  return blocks;
}

/** The items of the agenda whose vote may open now, in agenda order. */
export function votesThatMayOpen(agenda: AgendaFacts): AgendaItem[] {
  return agendaOrder(agenda).filter(
    (item) => agendaBlocks(agenda, item.proposalId, item.kind === 'amendment' ? item.amendmentId : null).length === 0,
  );
}
