import 'reflect-metadata';
import { Controller, Get, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify from 'fastify';
import { installAccessControl, RouteAccessError } from './access-control';
import { BearerTokens } from './bearer-tokens';
import { CallerOf, type Caller } from './caller';
import { edgeAuthenticator } from './client-authenticator';
import { protectedRoute, Public, publicRoute, Requires } from './route-access';

const tokens = new BearerTokens([
  { name: 'alice', token: 'alice-token-0123456789' },
  { name: 'bob', token: 'bob-token-0123456789' },
]);
const credentials = {
  tokens,
  realm: 'test',
  rolesOf: (name: string) => (name === 'alice' ? ['operator'] : []),
};
const policy = {
  reader: edgeAuthenticator(credentials),
  operator: edgeAuthenticator(credentials, 'operator'),
};

@Controller()
class ExampleController {
  @Get('open')
  @Public('a test')
  open() {
    return { open: true };
  }

  @Get('read')
  @Requires('reader')
  read(@CallerOf() caller: Caller) {
    return { caller: caller.name };
  }

  @Post('act')
  @Requires('operator')
  act(@CallerOf() caller: Caller) {
    return { acted: caller.name };
  }
}

@Controller()
class UndeclaredController {
  @Get('forgotten')
  forgotten() {
    return {};
  }
}

async function nestApp(controllers: unknown[]) {
  const adapter = new FastifyAdapter();
  const routes = installAccessControl(adapter.getInstance(), policy);
  const app = await NestFactory.create<NestFastifyApplication>(
    { module: class TestModule {}, controllers } as never,
    adapter,
    { logger: false, abortOnError: false },
  );
  await app.init();
  return { app, routes };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('access control on the router', () => {
  it('lists every Nest route with its declaration, HEAD routes included', async () => {
    const { app, routes } = await nestApp([ExampleController]);
    try {
      expect(routes.map((route) => `${route.method} ${route.url}`).sort()).toEqual([
        'GET /open',
        'GET /read',
        'HEAD /open',
        'HEAD /read',
        'POST /act',
      ]);
      expect(routes.find((route) => route.url === '/open')?.access).toEqual({ public: 'a test' });
    } finally {
      await app.close();
    }
  });

  it('answers 401 without a credential, 403 with a wrong one or without the role, and runs the handler otherwise', async () => {
    const { app } = await nestApp([ExampleController]);
    try {
      const none = await app.inject({ method: 'GET', url: '/read' });
      const head = await app.inject({ method: 'HEAD', url: '/read' });
      const wrong = await app.inject({
        method: 'GET',
        url: '/read',
        headers: bearer('x'.repeat(20)),
      });
      const right = await app.inject({
        method: 'GET',
        url: '/read',
        headers: bearer('bob-token-0123456789'),
      });
      const noRole = await app.inject({
        method: 'POST',
        url: '/act',
        headers: bearer('bob-token-0123456789'),
      });
      const operator = await app.inject({
        method: 'POST',
        url: '/act',
        headers: bearer('alice-token-0123456789'),
      });
      const open = await app.inject({ method: 'GET', url: '/open' });

      expect([none.statusCode, none.json(), none.headers['www-authenticate']]).toEqual([
        401,
        { error: { code: 'UNAUTHORIZED', message: expect.any(String) as unknown } },
        'Bearer realm="test"',
      ]);
      expect(head.statusCode).toBe(401);
      expect([wrong.statusCode, wrong.json<{ error: { code: string } }>().error.code]).toEqual([
        403,
        'CREDENTIAL_REFUSED',
      ]);
      expect([right.statusCode, right.json()]).toEqual([200, { caller: 'bob' }]);
      expect([noRole.statusCode, noRole.json<{ error: { code: string } }>().error.code]).toEqual([
        403,
        'ROLE_REQUIRED',
      ]);
      expect([operator.statusCode, operator.json()]).toEqual([201, { acted: 'alice' }]);
      expect(open.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('refuses to register a route that declares no access', async () => {
    await expect(nestApp([UndeclaredController])).rejects.toThrow(
      new RouteAccessError(
        'GET /forgotten declares no access: mark it @Public(reason) or @Requires(…)',
      ),
    );
  });

  it('does the same on a plain Fastify listener, and refuses a requirement the policy does not know', async () => {
    const fastify = Fastify();
    const routes = installAccessControl(fastify, policy);
    fastify.get('/p', { config: publicRoute('plain') }, () => ({ ok: true }));
    fastify.get('/r', { config: protectedRoute('reader') }, () => ({ ok: true }));

    expect(() => fastify.get('/x', { config: protectedRoute('nobody-knows') }, () => ({}))).toThrow(
      RouteAccessError,
    );
    expect((await fastify.inject({ method: 'GET', url: '/p' })).statusCode).toBe(200);
    expect((await fastify.inject({ method: 'GET', url: '/r' })).statusCode).toBe(401);
    expect((await fastify.inject({ method: 'GET', url: '/nowhere' })).statusCode).toBe(404);
    expect(routes.map((route) => `${route.method} ${route.url}`)).toEqual([
      'GET /p',
      'HEAD /p',
      'GET /r',
      'HEAD /r',
    ]);
    await fastify.close();
  });
});
