import { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { InvalidInputError } from '../../../../libs/core/src';

/**
 * Cursor pagination, one shape for every list that can grow: `first` (bounded) and `after` in,
 * `nodes` and `pageInfo` out. A cursor is opaque to clients: base64url of the sort key of the
 * last node of a page (a log position, or whatever key the list is ordered by), so a page
 * never skips or repeats a row when rows are added behind it.
 */

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `How many to return, 1 to ${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when left out`,
  })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'first must be at least 1' })
  @Max(MAX_PAGE_SIZE, { message: `first must be at most ${MAX_PAGE_SIZE}` })
  first?: number;

  @Field(() => String, { nullable: true, description: "Return what comes after this cursor (a page's endCursor)" })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'after must be a cursor returned by an earlier page' })
  after?: string;
}

@ObjectType({ description: 'Where a page ends, and whether more follows' })
export class PageInfo {
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on an empty page' })
  endCursor!: string | null;

  @Field({ description: 'True when more nodes follow this page' })
  hasNextPage!: boolean;
}

export interface Page<T> {
  readonly nodes: readonly T[];
  readonly pageInfo: PageInfo;
  readonly totalCount: number;
}

/** The GraphQL object type of a page of `node`, named `<Node>Connection`. */
export function Connection<T>(node: Type<T>, description: string): Type<Page<T>> {
  @ObjectType(`${node.name}Connection`, { description })
  class ConnectionType implements Page<T> {
    @Field(() => [node], { description: 'This page, in the order of the list' })
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many nodes the whole list holds (every page)' })
    totalCount!: number;
  }
  return ConnectionType;
}

/** The sort key of a list ordered by something its rows' ids lead back to: the id alone. */
export const UUID_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A key of two ids, e.g. (election, member) for a row of the delegate roster. */
export const TWO_UUIDS_KEY = /^[0-9a-f-]{36}:[0-9a-f-]{36}$/;

/** The sort key of a list in log order: position and id. */
export const POSITION_AND_ID_KEY = /^(0|[1-9][0-9]{0,18}):[0-9a-f-]{36}$/;

/**
 * Ids the domain takes as any non-empty text (a rule, a body, a seat: they come from the
 * events, which need not use UUIDs): one line, as a key alone or after a position.
 */
export const ANY_ID_KEY = /^[^\n]{1,150}$/;
export const POSITION_AND_ANY_ID_KEY = /^(0|[1-9][0-9]{0,18}):[^\n]{1,150}$/;

export interface PositionAndId {
  readonly position: number;
  readonly id: string;
}

/**
 * The named parameters of a statement that pages in (position, id) order after a cursor's key
 * (`@afterPosition IS NULL OR (position, id) > (@afterPosition, @afterId)`), with `LIMIT @limit`
 * fetching the one extra row pageOf needs.
 */
export interface PositionPageParameters {
  readonly afterPosition: number | null;
  readonly afterId: string | null;
  readonly limit: number;
}

export function positionPageParameters(first: number, after: PositionAndId | null): PositionPageParameters {
  return { afterPosition: after?.position ?? null, afterId: after?.id ?? null, limit: first + 1 };
}

/** A POSITION_AND_ID_KEY cursor's key, or null without a cursor. */
export function decodePositionAndId(
  cursor: string | null | undefined,
  keyPattern: RegExp = POSITION_AND_ID_KEY,
): PositionAndId | null {
  const key = decodeCursor(cursor, keyPattern);
  if (key === undefined) return null;
  const colon = key.indexOf(':');
  return { position: Number(key.slice(0, colon)), id: key.slice(colon + 1) };
}

export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

/** The sort key inside a cursor; a cursor this server did not make is refused as INVALID_INPUT. */
export function decodeCursor(cursor: string | null | undefined, key: RegExp): string | undefined {
  // An explicit `after: null` (a client's first page, passed as a variable) is no cursor.
  if (cursor === undefined || cursor === null) return undefined;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!key.test(decoded))
    throw new InvalidInputError([
      { field: 'after', message: 'is not a cursor of this list', reason: 'INVALID_CURSOR' },
    ]);
  return decoded;
}

/**
 * Makes a page from rows fetched with `LIMIT first + 1` after the cursor's key: the extra row
 * only tells whether another page follows.
 */
export function pageOf<R, T>(
  rows: readonly R[],
  first: number,
  totalCount: number,
  keyOf: (row: R) => string,
  toNode: (row: R) => T,
): Page<T> {
  const pageRows = rows.slice(0, first);
  const last = pageRows[pageRows.length - 1];
  return {
    nodes: pageRows.map(toNode),
    pageInfo: { endCursor: last === undefined ? null : encodeCursor(keyOf(last)), hasNextPage: rows.length > first },
    totalCount,
  };
}

export function pageSize(args: PageArgs): number {
  return args.first ?? DEFAULT_PAGE_SIZE;
}
