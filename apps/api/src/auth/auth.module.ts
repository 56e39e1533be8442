import { Module } from '@nestjs/common';
import { AuthResolver } from './auth.resolver';
import { TokenService } from './token.service';

@Module({
  providers: [TokenService, AuthResolver],
  exports: [TokenService],
})
export class AuthModule {}
