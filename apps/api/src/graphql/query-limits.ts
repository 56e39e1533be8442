import {
  ASTVisitor,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLError,
  GraphQLNamedType,
  GraphQLSchema,
  GraphQLType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './connection';

/** Bounds on the work one GraphQL request may ask for; checked before anything runs. */
export interface QueryLimits {
  readonly maxDepth: number;
  readonly maxCost: number;
  readonly maxAliases: number;
  readonly maxDirectives: number;
  /** Added for each distinct past moment asked `asOf`: a replay of the log into a scratch view. */
  readonly asOfCost: number;
  /** Whether `__schema` and `__type` may be asked (GraphiQL needs them; production does not). */
  readonly introspection: boolean;
}

/** Pagination arguments whose value is the size of the list a field returns. */
const PAGE_SIZE_ARGUMENTS = ['first'];
/** The size assumed for a list without a page size, and for a page size given as a variable. */
export const UNPAGED_LIST_SIZE = 10;
export const VARIABLE_PAGE_SIZE = 1000;

interface Metrics {
  cost: number;
  depth: number;
  aliases: number;
  directives: number;
  /** The distinct past moments asked for (a literal position or time, or a variable's name): one replay each. */
  asOf: ReadonlySet<string>;
}

const ZERO: Metrics = { cost: 0, depth: 0, aliases: 0, directives: 0, asOf: new Set() };

function union(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  return new Set([...a, ...b]);
}

function limitError(reason: string, message: string, node: OperationDefinitionNode): GraphQLError {
  return new GraphQLError(message, { nodes: [node], extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason } });
}

/**
 * One validation rule for all the bounds, so every operation is measured in one walk: a cost
 * of 1 per field, times the page size of the lists above it (the `first` given, or a
 * fixed size when there is none or it is a variable — validation results are cached per
 * document, so the bound must hold whatever the variables say), plus a high cost for each
 * distinct past moment asked `asOf` (fields as of one moment share one replayed view); the depth of nested fields; and the aliases and directives used.
 * Fragments are measured once each (memoized), so a fragment spread many times cannot make the
 * walk itself expensive, and a fragment cycle (reported by graphql-js's own rule) counts as nothing.
 */
export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const schema = context.getSchema();
    const fragments = new Map<string, Metrics>();
    const inProgress = new Set<string>();

    const measureFragment = (fragment: FragmentDefinitionNode): Metrics => {
      const name = fragment.name.value;
      const known = fragments.get(name);
      if (known !== undefined) return known;
      if (inProgress.has(name)) return ZERO;
      inProgress.add(name);
      const type = schema.getType(fragment.typeCondition.name.value);
      const metrics = measure(fragment.selectionSet, type);
      metrics.directives += fragment.directives?.length ?? 0;
      inProgress.delete(name);
      fragments.set(name, metrics);
      return metrics;
    };

    const measure = (selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined | null): Metrics => {
      const total: Metrics = { cost: 0, depth: 0, aliases: 0, directives: 0, asOf: new Set() };
      for (const selection of selectionSet.selections) {
        total.directives += selection.directives?.length ?? 0;
        let inner: Metrics;
        if (selection.kind === Kind.FIELD) {
          inner = measureField(selection, parent);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const type =
            selection.typeCondition === undefined ? parent : schema.getType(selection.typeCondition.name.value);
          inner = measure(selection.selectionSet, type);
        } else {
          const fragment = context.getFragment(selection.name.value);
          inner = fragment === null || fragment === undefined ? ZERO : measureFragment(fragment);
        }
        total.cost = saturate(total.cost + inner.cost);
        total.depth = Math.max(total.depth, inner.depth);
        total.aliases = saturate(total.aliases + inner.aliases);
        total.directives = saturate(total.directives + inner.directives);
        total.asOf = union(total.asOf, inner.asOf);
      }
      return total;
    };

    const measureField = (field: FieldNode, parent: GraphQLNamedType | undefined | null): Metrics => {
      const name = field.name.value;
      const definition =
        parent !== undefined && parent !== null && (isObjectType(parent) || isInterfaceType(parent))
          ? parent.getFields()[name]
          : undefined;
      const type: GraphQLType | undefined = definition?.type;
      const children =
        field.selectionSet === undefined
          ? ZERO
          : measure(field.selectionSet, type === undefined ? undefined : getNamedType(type));
      // Introspection is either refused outright or free (GraphiQL's own schema query).
      const free = name.startsWith('__');
      // A connection's page size (its `first`, or the default page) multiplies its `nodes`, which
      // then count once: the list is bounded by the argument on the connection field.
      const size =
        type === undefined
          ? 1
          : isConnection(getNamedType(type)) && !isListType(getNullableType(type))
            ? pageSizeOf(field)
            : isListType(getNullableType(type)) && !(name === 'nodes' && isConnection(parent))
              ? listSize(field)
              : 1;
      const asOf = asOfKey(field);
      return {
        cost: free ? 0 : saturate(1 + size * children.cost),
        depth: 1 + children.depth,
        aliases: saturate((field.alias === undefined ? 0 : 1) + children.aliases),
        directives: children.directives,
        asOf: asOf === null ? children.asOf : union(children.asOf, new Set([asOf])),
      };
    };

    return {
      Field(node) {
        const name = node.name.value;
        if (!limits.introspection && (name === '__schema' || name === '__type')) {
          context.reportError(
            new GraphQLError('Introspection is disabled on this server; the schema is published as schema.graphql', {
              nodes: [node],
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason: 'INTROSPECTION_DISABLED' },
            }),
          );
        }
      },
      OperationDefinition(operation) {
        const root = rootType(schema, operation);
        const metrics = measure(operation.selectionSet, root);
        metrics.directives += operation.directives?.length ?? 0;
        // Fields asked as of the same moment share one view: each distinct moment is one replay.
        metrics.cost = saturate(metrics.cost + metrics.asOf.size * limits.asOfCost);
        if (metrics.depth > limits.maxDepth) {
          context.reportError(
            limitError(
              'QUERY_TOO_DEEP',
              `This operation nests fields ${metrics.depth} deep; the depth allowed is at most ${limits.maxDepth}`,
              operation,
            ),
          );
        }
        if (metrics.aliases > limits.maxAliases) {
          context.reportError(
            limitError(
              'TOO_MANY_ALIASES',
              `This operation uses ${metrics.aliases} aliases; at most ${limits.maxAliases} are allowed`,
              operation,
            ),
          );
        }
        if (metrics.directives > limits.maxDirectives) {
          context.reportError(
            limitError(
              'TOO_MANY_DIRECTIVES',
              `This operation uses ${metrics.directives} directives; at most ${limits.maxDirectives} are allowed`,
              operation,
            ),
          );
        }
        if (metrics.cost > limits.maxCost) {
          context.reportError(
            limitError(
              'QUERY_TOO_COSTLY',
              `This operation costs ${metrics.cost} and a request may cost at most ${limits.maxCost}: ask for smaller pages (first), fewer fields or fewer asOf views (each costs ${limits.asOfCost})`,
              operation,
            ),
          );
        }
      },
    };
  };
}

function rootType(schema: GraphQLSchema, operation: OperationDefinitionNode): GraphQLNamedType | undefined | null {
  if (operation.operation === 'mutation') return schema.getMutationType();
  if (operation.operation === 'subscription') return schema.getSubscriptionType();
  return schema.getQueryType();
}

/** A `Connection(...)` object type (graphql/connection.ts): a `nodes` list and a `pageInfo`. */
function isConnection(type: GraphQLNamedType | undefined | null): boolean {
  if (type === undefined || type === null || !isObjectType(type)) return false;
  const fields = type.getFields();
  return fields.nodes !== undefined && fields.pageInfo !== undefined;
}

/** A connection's page: the `first` given, the largest page for a variable, else the default page. */
function pageSizeOf(field: FieldNode): number {
  const first = (field.arguments ?? []).find((argument) => argument.name.value === 'first');
  if (first === undefined) return DEFAULT_PAGE_SIZE;
  if (first.value.kind === Kind.INT) return Math.max(1, Number(first.value.value));
  return MAX_PAGE_SIZE;
}

function listSize(field: FieldNode): number {
  for (const argument of field.arguments ?? []) {
    if (!PAGE_SIZE_ARGUMENTS.includes(argument.name.value)) continue;
    if (argument.value.kind === Kind.INT) return Math.max(1, Number(argument.value.value));
    if (argument.value.kind === Kind.VARIABLE) return VARIABLE_PAGE_SIZE;
  }
  return UNPAGED_LIST_SIZE;
}

function asOfKey(field: FieldNode): string | null {
  const argument = (field.arguments ?? []).find((candidate) => candidate.name.value === 'asOf');
  if (argument === undefined) return null;
  const value = argument.value;
  if (value.kind === Kind.NULL) return null;
  if (value.kind === Kind.VARIABLE) return `$${value.name.value}`;
  return value.kind === Kind.STRING || value.kind === Kind.INT ? `=${value.value}` : `?${field.loc?.start ?? 0}`;
}

/** Keeps sums finite however large a hostile document makes them. */
function saturate(value: number): number {
  return Math.min(value, Number.MAX_SAFE_INTEGER);
}
