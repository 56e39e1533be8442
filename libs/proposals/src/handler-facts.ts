import { AgendaAmendment, AgendaProposal } from './agenda/agenda';
import { AmendmentTargetFacts } from './amendment/amendment.commands';
import { KnownAmendment } from './amendment/amendment.state';
import { KnownProposal, currentVersion, isSeconded } from './proposal/proposal.state';

/**
 * Builders for the facts one aggregate's command needs from another aggregate of this context, so
 * every command handler derives them the same way from the states it loaded.
 */

export function agendaProposal(state: KnownProposal): AgendaProposal {
  return { proposalId: state.proposalId, subject: state.subject, status: state.status, seconded: isSeconded(state) };
}

export function agendaAmendment(state: KnownAmendment): AgendaAmendment {
  return {
    amendmentId: state.amendmentId,
    proposalId: state.proposalId,
    parentAmendmentId: state.parentAmendmentId,
    status: state.status,
    inConflict: state.inConflictWith !== null,
  };
}

/**
 * What a primary amendment drafted on `version` of the proposal changes (the current version when
 * omitted). Returns null when the proposal has no such version.
 */
export function primaryAmendmentTarget(proposal: KnownProposal, version?: number): AmendmentTargetFacts | null {
  const current = currentVersion(proposal);
  const base = proposal.versions.find((candidate) => candidate.version === (version ?? current.version));
  if (base === undefined) return null;
  return {
    proposalId: proposal.proposalId,
    proposalStatus: proposal.status,
    parent: null,
    base: { version: base.version, clauses: [...base.clauses] },
    currentVersion: current.version,
  };
}

/**
 * What a secondary amendment to `parent` changes: the parent's proposed text at its current
 * revision (earlier revisions are not kept, so a secondary is always drafted on the latest).
 */
export function secondaryAmendmentTarget(proposal: KnownProposal, parent: KnownAmendment): AmendmentTargetFacts {
  return {
    proposalId: proposal.proposalId,
    proposalStatus: proposal.status,
    parent: { amendmentId: parent.amendmentId, depth: parent.depth, status: parent.status },
    base: { version: parent.revision, clauses: [...parent.proposedClauses] },
    currentVersion: parent.revision,
  };
}
