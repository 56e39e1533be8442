import { DynamicModule, Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthModule } from './auth/auth.module';
import { ConventionModule } from './convention/convention.module';
import { FloorModule } from './floor/floor.module';
import { buildRequestContext } from './auth/request-context';
import { TokenService } from './auth/token.service';
import { PlenaryConfig } from './config/plenary-config';
import { formatExecutionErrors } from './graphql/error-formatter';
import { createValidationPipe } from './graphql/validation';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { MembershipModule } from './membership/membership.module';
import { LedgerModule } from './ledger/ledger.module';
import { OrganizationModule } from './organization/organization.module';
import { RatificationModule } from './ratification/ratification.module';

export const GRAPHQL_PATH = '/graphql';

@Module({})
export class AppModule {
  static forRoot(config: PlenaryConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot(config),
        AuthModule,
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          imports: [AuthModule],
          inject: [TokenService],
          useFactory: (tokens: TokenService) => ({
            path: GRAPHQL_PATH,
            autoSchemaFile: true,
            sortSchema: true,
            graphiql: false,
            // A query seen twice is compiled by graphql-jit: execution is a large share of a mutation.
            jit: 1,
            errorFormatter: formatExecutionErrors as MercuriusDriverConfig['errorFormatter'],
            context: async (request: FastifyRequest, reply: FastifyReply) => ({
              ...(await buildRequestContext(tokens, request)),
              req: request,
              reply,
            }),
          }),
        }),
        MembershipModule,
        OrganizationModule,
        ConventionModule,
        FloorModule,
        RatificationModule,
        LedgerModule,
      ],
      providers: [{ provide: APP_PIPE, useFactory: createValidationPipe }],
    };
  }
}
