import { GraphQLError, GraphQLScalarType, ValueNode } from 'graphql';
import { GraphQLDateTime, GraphQLUUID } from 'graphql-scalars';

/**
 * The schema's scalars for instants and ids. New fields use these instead of `String` and `ID`:
 * a client then knows a time is an RFC 3339 instant and an id a UUID, and both are refused
 * before a resolver runs when malformed. Resolvers and the domain see plain strings in the
 * house's canonical form (ISO-8601 UTC with milliseconds; lowercase UUIDs), so nothing
 * downstream normalises again.
 */

export const DateTime = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An instant, RFC 3339 in UTC with milliseconds, e.g. 2026-06-01T09:30:00.000Z',
  serialize: (value) => (GraphQLDateTime.serialize(value) as unknown as Date).toISOString(),
  parseValue: (value) => (GraphQLDateTime.parseValue(value) as Date).toISOString(),
  parseLiteral: (ast: ValueNode) => (GraphQLDateTime.parseLiteral(ast, {}) as Date).toISOString(),
});

export const UUID = new GraphQLScalarType<string, string>({
  name: 'UUID',
  description: 'A UUID (RFC 9562), answered in lowercase; accepted in either case',
  serialize: (value) => (GraphQLUUID.serialize(value) as string).toLowerCase(),
  parseValue: (value) => {
    if (typeof value !== 'string') throw new GraphQLError(`A UUID must be a string, not ${typeof value}`);
    return (GraphQLUUID.parseValue(value) as string).toLowerCase();
  },
  parseLiteral: (ast: ValueNode) => (GraphQLUUID.parseLiteral(ast, {}) as string).toLowerCase(),
});
