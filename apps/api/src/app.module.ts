import { DynamicModule, Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthModule } from './auth/auth.module';
import { LiveConnection } from './audit/live/live-connection';
import { LiveModule } from './audit/live/live.module';
import { ProvenanceModule } from './audit/provenance/provenance.module';
import { ConventionModule } from './convention/convention.module';
import { FloorModule } from './floor/floor.module';
import { buildRequestContext } from './auth/request-context';
import { Authenticator } from './auth/authenticator';
import { PlenaryConfig } from './config/plenary-config';
import { createErrorFormatter } from './graphql/error-formatter';
import { queryLimitsRule } from './graphql/query-limits';
import { createValidationPipe } from './graphql/validation';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { MembershipModule } from './membership/membership.module';
import { MembershipStatisticsModule } from './membership/statistics/membership-statistics.module';
import { LedgerModule } from './ledger/ledger.module';
import { OrganizationModule } from './organization/organization.module';
import { RatificationModule } from './ratification/ratification.module';
import { TrackerModule } from './audit/tracker/tracker.module';
import { TrailModule } from './audit/trail/trail.module';
import { loggingModule } from './operations/logging';
import { OperationsModule } from './operations/operations.module';

export const GRAPHQL_PATH = '/graphql';

@Module({})
export class AppModule {
  static forRoot(config: PlenaryConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        loggingModule(config),
        InfrastructureModule.forRoot(config),
        OperationsModule,
        AuthModule,
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          imports: [AuthModule],
          inject: [Authenticator],
          useFactory: (authenticator: Authenticator) => ({
            path: GRAPHQL_PATH,
            autoSchemaFile: true,
            sortSchema: true,
            graphiql: false,
            allowBatchedQueries: false,
            // A query seen twice is compiled by graphql-jit: execution is a large share of a mutation.
            jit: 1,
            validationRules: [queryLimitsRule(config.graphql)],
            errorFormatter: createErrorFormatter(config.graphql) as MercuriusDriverConfig['errorFormatter'],
            context: async (request: FastifyRequest, reply: FastifyReply) => ({
              ...(await buildRequestContext(authenticator, request)),
              req: request,
              reply,
            }),
            // graphql-ws over the same path; the connection params carry `authorization` as a
            // request's header would.
            subscription: {
              onConnect: async ({ payload }: { payload?: Record<string, unknown> }) => ({
                live: await LiveConnection.open(authenticator, payload, config.graphql.maxSubscriptions),
              }),
            },
          }),
        }),
        MembershipModule,
        OrganizationModule,
        ConventionModule,
        FloorModule,
        RatificationModule,
        TrackerModule,
        TrailModule,
        LedgerModule,
        ProvenanceModule,
        LiveModule,
        MembershipStatisticsModule,
      ],
      providers: [{ provide: APP_PIPE, useFactory: createValidationPipe }],
    };
  }
}
