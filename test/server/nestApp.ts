/**
 * The NestJS service the built-project tests deploy (decorators as users write them: the test
 * project's tsconfig has experimentalDecorators and emitDecoratorMetadata, reflect-metadata is
 * imported first). A versioned users controller with a param route and a route whose guard says
 * no (read from `SetMetadata` through the Reflector); the main creates the app on the Express
 * adapter, then on the Fastify adapter, each with global prefix `api` and URI versioning, sends
 * its own requests with `fetch` and prints status and body of each. Nothing depends on
 * constructor injection: esbuild does not emit `design:paramtypes`.
 */

export const NEST_FILES: Record<string, string> = {
  'users.controller.ts': `import { Controller, Get, Injectable, Param, Post, SetMetadata, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

@Injectable()
export class ClosedGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return new Reflector().get<boolean>('closed', context.getHandler()) !== true;
  }
}

@Controller({ path: 'users', version: '1' })
@UseGuards(ClosedGuard)
export class UsersController {
  @Get(':id')
  find(@Param('id') id: string) {
    return { id };
  }

  @Get(':id/closed')
  @SetMetadata('closed', true)
  closed() {
    return 'never';
  }

  @Post(':id')
  create(@Param('id') id: string) {
    return { created: id };
  }
}
`,
  'app.module.ts': `import { Module } from '@nestjs/common';
import { ClosedGuard, UsersController } from './users.controller.js';

@Module({ controllers: [UsersController], providers: [ClosedGuard] })
export class AppModule {}
`,
  'main.ts': `import 'reflect-metadata';
import { VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module.js';

const REQUESTS: [string, string][] = [
  ['GET', '/api/v1/users/42'],
  ['POST', '/api/v1/users/7'],
  ['GET', '/api/v1/users/42/closed'],
  ['GET', '/api/v2/users/42'],
];

async function serveAndAsk(adapter: 'express' | 'fastify'): Promise<string[]> {
  const app = adapter === 'express'
    ? await NestFactory.create(AppModule, { logger: false })
    : await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false });
  app.setGlobalPrefix('api');
  app.enableVersioning({ type: VersioningType.URI });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const lines: string[] = [];
  for (const [method, path] of REQUESTS) {
    const res = await fetch('http://127.0.0.1:' + port + path, { method });
    lines.push(adapter + ' ' + method + ' ' + path + ' ' + res.status + ' ' + (await res.text()));
  }
  await app.close();
  return lines;
}

const lines = [...(await serveAndAsk('express')), ...(await serveAndAsk('fastify'))];
console.log(lines.join('\\n'));
`,
};

const FORBIDDEN = '{"message":"Forbidden resource","error":"Forbidden","statusCode":403}';

/** What the program prints, built any way, traced or not. */
export const NEST_OUTPUT = ['express', 'fastify'].flatMap((adapter) => [
  `${adapter} GET /api/v1/users/42 200 {"id":"42"}`,
  `${adapter} POST /api/v1/users/7 201 {"created":"7"}`,
  `${adapter} GET /api/v1/users/42/closed 403 ${FORBIDDEN}`,
  `${adapter} GET /api/v2/users/42 404 {"message":"Cannot GET /api/v2/users/42","error":"Not Found","statusCode":404}`,
]).join('\n') + '\n';
