/**
 * Dependency rules: the domain stays pure. Domain libraries import neither the framework nor
 * adapters nor I/O, and nothing in libs/ reaches into apps/.
 */
const DOMAIN = '^libs/(core|membership|organization|proposals|convention|voting)/';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-framework-free',
      comment: 'Domain code must not depend on NestJS, GraphQL, HTTP or storage packages.',
      severity: 'error',
      from: { path: DOMAIN, pathNot: '\\.spec\\.ts$' },
      to: {
        path: '(^|/)node_modules/(@nestjs|@eventstore|better-sqlite3|fastify|mercurius|graphql|class-validator|class-transformer|jose|rxjs)(/|$)',
      },
    },
    {
      name: 'domain-does-no-io',
      comment: 'Domain code gets time and ids in commands and never touches files, sockets or processes.',
      severity: 'error',
      from: { path: DOMAIN, pathNot: '\\.spec\\.ts$' },
      to: {
        dependencyTypes: ['core'],
        path: '^(fs|net|http|https|http2|dgram|child_process|worker_threads|cluster|os)$',
      },
    },
    {
      name: 'domain-knows-no-adapters',
      comment: 'Domain code must not import the event store, the projections or the apps.',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: '^(libs/(event-store|projections)|apps)/' },
    },
    {
      name: 'contexts-share-only-plumbing-and-counting',
      comment:
        'A bounded context (membership, organization, proposals, convention) imports another only through ' +
        'libs/core (ids, errors, text and instant rules every context uses) and libs/voting (the counting ' +
        'methods, a domain of their own); outside specs, never another context, so one context changes ' +
        'without rippling into the next.',
      severity: 'error',
      from: { path: '^libs/(membership|organization|proposals|convention)/', pathNot: '\\.spec\\.ts$' },
      to: {
        path: '^libs/(membership|organization|proposals|convention)/',
        pathNot: '^libs/$1/',
      },
    },
    {
      name: 'ledger-verifier-stands-alone',
      comment:
        "The auditor's verifier shares no code with the server that writes the log and builds the proofs. " +
        'It may use libs/voting alone, to re-count votes from archived ballots: the counting rules are the ' +
        'published method, while the wiring from events to counts is written again in the verifier.',
      severity: 'error',
      from: { path: '^libs/ledger-verifier/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^(libs/(?!ledger-verifier/|voting/)|apps/)' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    exclude: { path: '(^|/)dist/' },
  },
};
