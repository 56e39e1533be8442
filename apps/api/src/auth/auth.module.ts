import { Module } from '@nestjs/common';
import { AuthResolver } from './auth.resolver';
import { Authenticator } from './authenticator';
import { SignInResolver } from './sign-in.resolver';
import { SignInService } from './sign-in.service';
import { TokenService } from './token.service';

@Module({
  providers: [TokenService, Authenticator, AuthResolver, SignInService, SignInResolver],
  exports: [TokenService, Authenticator, SignInService],
})
export class AuthModule {}
