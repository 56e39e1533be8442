import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { NotAuthenticatedError } from '../../../../libs/core/src';
import { KeyVault } from '../../../../libs/privacy/src';
import { makeTempDir } from '../../../../libs/testing/src';
import { loadConfig } from '../config/plenary-config';
import { TokenService } from './token.service';

const memberId = '8f14e45f-ceea-467f-a0e6-7c1e9d5d1a11';

async function signWith(
  privateKey: Parameters<SignJWT['sign']>[0],
  claims: Record<string, unknown>,
  options: { issuer?: string; audience?: string; expiresIn?: string; kid?: string } = {},
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', ...(options.kid ? { kid: options.kid } : {}) })
    .setSubject(String(claims.sub ?? memberId))
    .setIssuer(options.issuer ?? 'plenary')
    .setAudience(options.audience ?? 'plenary')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h')
    .sign(privateKey);
}

describe('token service', () => {
  const dir = makeTempDir();
  afterAll(() => dir.remove());

  describe('development mode', () => {
    const config = loadConfig({ PLENARY_DATA_DIR: dir.path });

    it('issues tokens it verifies, for members and operators, and keeps its key across restarts', async () => {
      const first = new TokenService(config, null);
      const member = await first.issueDevToken({ kind: 'member', memberId });
      const operator = await first.issueDevToken({ kind: 'operator', name: 'alice' });
      const restarted = new TokenService(config, null);
      await expect(restarted.verify(member.token)).resolves.toEqual({ kind: 'member', memberId });
      await expect(restarted.verify(operator.token)).resolves.toEqual({ kind: 'operator', name: 'alice' });
    });

    it('writes the header and claims jose would write: ES256, subject, issuer, audience, issued and expiry', async () => {
      const tokens = new TokenService(config, null);
      const before = Math.floor(Date.now() / 1000);
      const { token, expiresAt } = await tokens.issueDevToken({ kind: 'member', memberId }, 600);
      expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256' });
      const claims = decodeJwt(token);
      expect(claims).toEqual({
        plenary_actor: 'member',
        sub: memberId,
        iss: 'plenary',
        aud: 'plenary',
        iat: expect.any(Number),
        exp: expect.any(Number),
      });
      expect(claims.iat).toBeGreaterThanOrEqual(before);
      expect(claims.exp! - claims.iat!).toBe(600);
      expect(expiresAt.getTime()).toBe(claims.exp! * 1000);
      // The signature is the raw 64-byte r‖s pair of a JWS, not DER.
      expect(Buffer.from(token.split('.')[2], 'base64url')).toHaveLength(64);
    });

    it('refuses a tampered, foreign or malformed token as UNAUTHENTICATED', async () => {
      const tokens = new TokenService(config, null);
      const { token } = await tokens.issueDevToken({ kind: 'member', memberId });
      const [header, , signature] = token.split('.');
      const forgedPayload = Buffer.from(
        JSON.stringify({ sub: memberId, plenary_actor: 'operator', iss: 'plenary', aud: 'plenary' }),
      ).toString('base64url');
      await expect(tokens.verify(`${header}.${forgedPayload}.${signature}`)).rejects.toBeInstanceOf(
        NotAuthenticatedError,
      );
      const { privateKey } = await generateKeyPair('ES256');
      await expect(tokens.verify(await signWith(privateKey, { sub: memberId }))).rejects.toThrow(/not valid/);
      await expect(tokens.verify('not-a-token')).rejects.toBeInstanceOf(NotAuthenticatedError);
    });
  });

  describe('production with a configured public key', () => {
    it('verifies tokens from the identity provider and checks issuer, audience and expiry', async () => {
      const { privateKey, publicKey } = await generateKeyPair('ES256');
      const config = loadConfig({
        NODE_ENV: 'production',
        PLENARY_DATA_DIR: join(dir.path, 'prod'),
        PLENARY_JWT_PUBLIC_KEY: await exportSPKI(publicKey),
        PLENARY_JWT_ISSUER: 'https://id.example.org',
        PLENARY_JWT_AUDIENCE: 'plenary-api',
      });
      const tokens = new TokenService(config, null);
      const good = await signWith(
        privateKey,
        { sub: memberId },
        { issuer: 'https://id.example.org', audience: 'plenary-api' },
      );
      await expect(tokens.verify(good)).resolves.toEqual({ kind: 'member', memberId });
      const wrongIssuer = await signWith(
        privateKey,
        { sub: memberId },
        { issuer: 'someone-else', audience: 'plenary-api' },
      );
      await expect(tokens.verify(wrongIssuer)).rejects.toBeInstanceOf(NotAuthenticatedError);
      const expired = await signWith(
        privateKey,
        { sub: memberId },
        { issuer: 'https://id.example.org', audience: 'plenary-api', expiresIn: '-1m' },
      );
      await expect(tokens.verify(expired)).rejects.toThrow(/expired/);
      await expect(tokens.issueDevToken({ kind: 'member', memberId })).rejects.toMatchObject({
        code: 'DEV_TOKENS_DISABLED',
      });
    });
  });

  describe('algorithm confusion and sign-in session tokens', () => {
    it('refuses an HS256 token keyed with the public key PEM, and an RS256 token, as TOKEN_INVALID', async () => {
      const { publicKey } = await generateKeyPair('ES256');
      const pem = await exportSPKI(publicKey);
      const tokens = new TokenService(
        loadConfig({
          NODE_ENV: 'production',
          PLENARY_DATA_DIR: join(dir.path, 'confusion'),
          PLENARY_JWT_PUBLIC_KEY: pem,
        }),
        null,
      );
      const hs256 = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(memberId)
        .setIssuer('plenary')
        .setAudience('plenary')
        .sign(new TextEncoder().encode(pem));
      await expect(tokens.verify(hs256)).rejects.toMatchObject({ category: 'UNAUTHENTICATED', code: 'TOKEN_INVALID' });
      const rsa = await generateKeyPair('RS256');
      const rs256 = await new SignJWT({})
        .setProtectedHeader({ alg: 'RS256' })
        .setSubject(memberId)
        .setIssuer('plenary')
        .setAudience('plenary')
        .sign(rsa.privateKey);
      await expect(tokens.verify(rs256)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    });

    it('verifies its own session tokens beside the configured key, and only with the session key', async () => {
      const { privateKey, publicKey } = await generateKeyPair('ES256');
      const vaultPath = join(dir.path, 'sessions', 'keys.sqlite');
      const vault = KeyVault.open(vaultPath);
      const otherVault = KeyVault.open(vaultPath);
      const tokens = new TokenService(
        loadConfig({
          NODE_ENV: 'production',
          PLENARY_DATA_DIR: join(dir.path, 'sessions'),
          PLENARY_JWT_PUBLIC_KEY: await exportSPKI(publicKey),
        }),
        vault,
      );
      const sessionId = '5e55e55e-0000-4000-8000-000000000001';
      const { token } = await tokens.issueSessionToken(memberId, sessionId);
      await expect(tokens.verifyToken(token)).resolves.toEqual({ actor: { kind: 'member', memberId }, sessionId });
      // A token from the identity provider's key that merely claims the session key id is refused.
      const impostor = await new SignJWT({ plenary_session: sessionId })
        .setProtectedHeader({ alg: 'ES256', kid: 'plenary-session' })
        .setSubject(memberId)
        .setIssuer('plenary')
        .setAudience('plenary')
        .setExpirationTime('5m')
        .sign(privateKey);
      await expect(tokens.verifyToken(impostor)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
      // Refresh tokens are derived, so every process on the key vault derives the same one.
      const again = new TokenService(
        loadConfig({ NODE_ENV: 'production', PLENARY_DATA_DIR: join(dir.path, 'elsewhere'), PLENARY_AUTH: 'embedded' }),
        otherVault,
      );
      expect(await again.refreshToken(sessionId, 3)).toEqual(await tokens.refreshToken(sessionId, 3));
      expect(await tokens.refreshToken(sessionId, 4)).not.toEqual(await tokens.refreshToken(sessionId, 3));
      await expect(again.verifyToken(token)).resolves.toEqual({ actor: { kind: 'member', memberId }, sessionId });
      await vault.close();
      await otherVault.close();
    });
  });

  describe('verified tokens kept', () => {
    const config = loadConfig({ PLENARY_DATA_DIR: join(dir.path, 'kept') });
    afterEach(() => jest.useRealTimers());

    it('checks the signature of a token once, and refuses it once it expires all the same', async () => {
      jest.useFakeTimers({ now: new Date('2026-12-07T12:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
      const tokens = new TokenService(config, null);
      const { token } = await tokens.issueDevToken({ kind: 'member', memberId }, 60);
      await expect(tokens.verify(token)).resolves.toEqual({ kind: 'member', memberId });
      await expect(tokens.verify(token)).resolves.toEqual({ kind: 'member', memberId });
      expect(tokens.signaturesChecked).toBe(1);
      jest.setSystemTime(new Date('2026-12-07T12:01:00Z'));
      await expect(tokens.verify(token)).rejects.toThrow(/expired/);
    });

    it('keeps nothing for a refused token and checks it again every time', async () => {
      const tokens = new TokenService(config, null);
      const { token } = await tokens.issueDevToken({ kind: 'member', memberId });
      const [header, payload] = token.split('.');
      const forged = `${header}.${payload}.${Buffer.alloc(64).toString('base64url')}`;
      await expect(tokens.verify(forged)).rejects.toBeInstanceOf(NotAuthenticatedError);
      await expect(tokens.verify(forged)).rejects.toBeInstanceOf(NotAuthenticatedError);
      expect(tokens.signaturesChecked).toBe(2);
    });
  });

  describe('production with a JWKS endpoint', () => {
    let server: Server;
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('fetches the key set over HTTP and verifies tokens signed by one of its keys', async () => {
      const { privateKey, publicKey } = await generateKeyPair('ES256');
      const jwk = { ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'ES256', use: 'sig' };
      server = createServer((_request, response) => {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ keys: [jwk] }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      const tokens = new TokenService(
        loadConfig({
          NODE_ENV: 'production',
          PLENARY_DATA_DIR: dir.path,
          PLENARY_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
        }),
        null,
      );
      const token = await signWith(privateKey, { sub: 'ops-bob', plenary_actor: 'operator' }, { kid: 'key-1' });
      await expect(tokens.verify(token)).resolves.toEqual({ kind: 'operator', name: 'ops-bob' });
    });
  });
});
