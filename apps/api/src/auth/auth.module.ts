import { Module } from '@nestjs/common';
import { AuthResolver } from './auth.resolver';
import { Authenticator } from './authenticator';
import { TokenService } from './token.service';

@Module({
  providers: [TokenService, Authenticator, AuthResolver],
  exports: [TokenService, Authenticator],
})
export class AuthModule {}
