import { GraphQLDateTime, GraphQLUUID } from 'graphql-scalars';

/**
 * The schema's scalars for instants and ids. New fields use these instead of `String` and `ID`:
 * a client then knows a time is an RFC 3339 instant and an id a UUID, and the UUID scalar
 * refuses anything else before a resolver runs.
 */
export const DateTime = GraphQLDateTime;
export const UUID = GraphQLUUID;
