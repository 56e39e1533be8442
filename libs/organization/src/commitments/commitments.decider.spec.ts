import { InvalidInputError } from '../../../core/src';
import { DeciderSpecification } from '../../../testing/src';
import { commitmentsDecider } from './commitments.decider';
import { CommitmentsEvent, commitmentsStream } from './commitments.events';

const at = '2026-03-01T10:00:00.000Z';
const later = '2026-04-01T10:00:00.000Z';
const spec = DeciderSpecification(commitmentsDecider);

const firstVersion: CommitmentsEvent = {
  type: 'CommitmentsPublished',
  data: { version: 1, principles: ['Solidarity', 'Democracy'], publishedAt: at },
};

describe('commitments decider', () => {
  it('lives in one fixed stream', () => {
    expect(commitmentsStream()).toBe('Commitments-organization');
  });

  it('publishes the first version with trimmed principles', () => {
    spec
      .given([])
      .when({ type: 'PublishCommitments', data: { principles: ['  Solidarity ', 'Democracy\n'], publishedAt: at } })
      .then([firstVersion]);
  });

  it('numbers each later publication one past the previous version', () => {
    spec
      .given([firstVersion, { ...firstVersion, data: { ...firstVersion.data, version: 2 } }])
      .when({ type: 'PublishCommitments', data: { principles: ['Solidarity'], publishedAt: later } })
      .then([{ type: 'CommitmentsPublished', data: { version: 3, principles: ['Solidarity'], publishedAt: later } }]);
  });

  it('keeps line breaks inside a principle', () => {
    spec
      .given([])
      .when({ type: 'PublishCommitments', data: { principles: ['First line\nsecond line'], publishedAt: at } })
      .then([
        {
          type: 'CommitmentsPublished',
          data: { version: 1, principles: ['First line\nsecond line'], publishedAt: at },
        },
      ]);
  });

  it.each([
    ['no principles', []],
    ['more than 50 principles', Array.from({ length: 51 }, (_, index) => `Principle ${index}`)],
  ])('rejects %s', (_label, principles) => {
    const error = spec
      .given([])
      .when({ type: 'PublishCommitments', data: { principles, publishedAt: at } })
      .thenThrows(InvalidInputError, 'INVALID_INPUT') as InvalidInputError;
    expect(error.problems.map((problem) => problem.field)).toEqual(['principles']);
  });

  it('accepts exactly 50 principles of exactly 2000 characters', () => {
    const principles = Array.from({ length: 50 }, () => 'x'.repeat(2000));
    spec
      .given([])
      .when({ type: 'PublishCommitments', data: { principles, publishedAt: at } })
      .then([{ type: 'CommitmentsPublished', data: { version: 1, principles, publishedAt: at } }]);
  });

  it('names each blank or too long principle by its index', () => {
    const error = spec
      .given([])
      .when({
        type: 'PublishCommitments',
        data: { principles: ['Solidarity', '   ', 'x'.repeat(2001)], publishedAt: at },
      })
      .thenThrows(InvalidInputError) as InvalidInputError;
    expect(error.problems).toEqual([
      { field: 'principles[1]', message: expect.stringContaining('must not be empty') },
      { field: 'principles[2]', message: expect.stringContaining('at most 2000') },
    ]);
  });

  it('rejects a publication time that is not an ISO-8601 UTC instant', () => {
    const error = spec
      .given([])
      .when({ type: 'PublishCommitments', data: { principles: ['Solidarity'], publishedAt: 'yesterday' } })
      .thenThrows(InvalidInputError) as InvalidInputError;
    expect(error.problems.map((problem) => problem.field)).toEqual(['publishedAt']);
  });
});
