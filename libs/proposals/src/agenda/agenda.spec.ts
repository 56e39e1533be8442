import { AgendaAmendment, AgendaFacts, agendaBlocks, agendaOrder, votesThatMayOpen } from './agenda';

const amendment = (
  amendmentId: string,
  proposalId: string,
  parentAmendmentId: string | null,
  overrides: Partial<AgendaAmendment> = {},
): AgendaAmendment => ({
  amendmentId,
  proposalId,
  parentAmendmentId,
  status: 'pending',
  inConflict: false,
  ...overrides,
});

const agenda: AgendaFacts = {
  proposals: [
    { proposalId: 'P1', subject: 'Dues', status: 'open', seconded: true },
    { proposalId: 'P2', subject: 'Dues', status: 'open', seconded: false },
    { proposalId: 'P3', subject: 'Bodies', status: 'withdrawn', seconded: true },
  ],
  amendments: [
    amendment('A1', 'P1', null),
    amendment('A2', 'P1', null),
    amendment('S1', 'P1', 'A1'),
    amendment('T1', 'P1', 'S1'),
    amendment('S2', 'P1', 'A1', { status: 'rejected' }),
    amendment('A3', 'P2', null, { inConflict: true }),
    amendment('A4', 'P3', null),
  ],
};

describe('agenda', () => {
  it('puts secondaries before their primary and primaries before the main motion, skipping decided business', () => {
    expect(agendaOrder(agenda)).toEqual([
      { kind: 'amendment', amendmentId: 'T1', proposalId: 'P1', depth: 3 },
      { kind: 'amendment', amendmentId: 'S1', proposalId: 'P1', depth: 2 },
      { kind: 'amendment', amendmentId: 'A1', proposalId: 'P1', depth: 1 },
      { kind: 'amendment', amendmentId: 'A2', proposalId: 'P1', depth: 1 },
      { kind: 'proposal', proposalId: 'P1' },
      { kind: 'amendment', amendmentId: 'A3', proposalId: 'P2', depth: 1 },
      { kind: 'proposal', proposalId: 'P2' },
    ]);
  });

  it('says which votes may open now', () => {
    expect(votesThatMayOpen(agenda)).toEqual([
      { kind: 'amendment', amendmentId: 'T1', proposalId: 'P1', depth: 3 },
      { kind: 'amendment', amendmentId: 'A2', proposalId: 'P1', depth: 1 },
    ]);
  });

  it('names what blocks each vote', () => {
    expect(agendaBlocks(agenda, 'P1', null)).toEqual([
      { reason: 'pending-amendments', amendmentIds: ['A1', 'S1', 'T1', 'A2'] },
    ]);
    expect(agendaBlocks(agenda, 'P1', 'A1')).toEqual([{ reason: 'pending-amendments', amendmentIds: ['S1', 'T1'] }]);
    expect(agendaBlocks(agenda, 'P2', 'A3')).toEqual([{ reason: 'in-conflict' }]);
    expect(agendaBlocks(agenda, 'P2', null)).toEqual([
      { reason: 'not-seconded' },
      { reason: 'pending-amendments', amendmentIds: ['A3'] },
    ]);
    expect(agendaBlocks(agenda, 'P3', null)).toEqual([{ reason: 'not-open', status: 'withdrawn' }]);
    expect(agendaBlocks(agenda, 'P1', 'S2')).toEqual([{ reason: 'not-open', status: 'rejected' }]);
    expect(agendaBlocks(agenda, 'P9', null)).toEqual([{ reason: 'not-open', status: 'unknown' }]);
  });

  it('lets the main motion open once every amendment is decided', () => {
    const decided: AgendaFacts = {
      ...agenda,
      amendments: agenda.amendments.map((item) => (item.proposalId === 'P1' ? { ...item, status: 'adopted' } : item)),
    };
    expect(agendaBlocks(decided, 'P1', null)).toEqual([]);
  });
});
