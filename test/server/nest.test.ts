/**
 * NestJS 12 on its Express and Fastify adapters, real servers on 127.0.0.1: the `nest` hook's
 * install() as the emitted code calls it on the app `NestFactory.create()` fulfils with, driven by
 * hand here. Global prefix + URI versioning + a guard + a param route; the route each request
 * carries is read from the per-request route state (routeOf) of the Node request the server saw.
 * Decorators are applied as functions (the repository's tsconfig has no experimentalDecorators).
 */
import 'reflect-metadata';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Controller, Get, Injectable, Module, Param, Post, SetMetadata, UseGuards, VersioningType, type CanActivate, type ExecutionContext, type INestApplication } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { afterEach, describe, expect, test } from 'vitest';
import { nestHooks } from '../../src/runtime/hooks/nest.js';
import { noteNestRoutes } from '../../src/runtime/hooks/nestRoutes.js';
import type { SpanSpec } from '../../src/runtime/siteSpec.js';
import { routeSeen as routeOf, watchRoutes } from './routeSeen.js';
import { buildAndRun, serverSpanLines, writeProject } from './builtProject.js';
import { officialSetup } from './builtApp.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NEST_FILES, NEST_OUTPUT } from './nestApp.js';

const SPEC: SpanSpec = { r: 'nest.create', n: 'nest.create', k: 0, h: 'nest', m: 'install' };

function method(target: object, name: string, ...decorators: MethodDecorator[]): void {
  const descriptor = Object.getOwnPropertyDescriptor(target, name)!;
  for (const d of decorators) d(target, name, descriptor);
}

/** Lets a request through unless the handler is marked `closed` (read through the Reflector, as guards do). */
class ClosedGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return new Reflector().get<boolean>('closed', context.getHandler()) !== true;
  }
}
Injectable()(ClosedGuard);

class UsersController {
  find(id: string) { return { id }; }
  closed() { return 'never'; }
  create(id: string) { return { created: id }; }
}
Controller({ path: 'users', version: '1' })(UsersController);
method(UsersController.prototype, 'find', Get(':id'));
Param('id')(UsersController.prototype, 'find', 0);
method(UsersController.prototype, 'closed', Get(':id/closed'), SetMetadata('closed', true));
method(UsersController.prototype, 'create', Post(':id'));
Param('id')(UsersController.prototype, 'create', 0);
UseGuards(ClosedGuard)(UsersController);

class AppModule {}
Module({ controllers: [UsersController], providers: [ClosedGuard] })(AppModule);

interface Running { url: string; requests: IncomingMessage[]; app: INestApplication }
const running: Running[] = [];
afterEach(async () => { await Promise.all(running.splice(0).map((r) => r.app.close())); });

async function start(adapter: 'express' | 'fastify'): Promise<Running> {
  const app = await NestFactory.create(AppModule, adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter(), { logger: false });
  nestHooks.install!(app, { spec: SPEC, thisArg: undefined, args: [AppModule] });
  app.setGlobalPrefix('api');
  app.enableVersioning({ type: VersioningType.URI });
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as Server;
  const requests: IncomingMessage[] = [];
  watchRoutes(server);
  server.prependListener('request', (req: IncomingMessage) => requests.push(req));
  const r = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, app };
  running.push(r);
  return r;
}

describe.each(['express', 'fastify'] as const)('nest hook, %s adapter', (adapter) => {
  test('a param route under the global prefix and URI version carries the full template', async () => {
    const r = await start(adapter);
    const res = await fetch(`${r.url}/api/v1/users/42`);
    expect([res.status, await res.json()]).toEqual([200, { id: '42' }]);
    expect(routeOf(r.requests[0]!)).toBe('/api/v1/users/:id');
    const created = await fetch(`${r.url}/api/v1/users/7`, { method: 'POST' });
    expect([created.status, await created.json()]).toEqual([201, { created: '7' }]);
    expect(routeOf(r.requests[1]!)).toBe('/api/v1/users/:id');
  });

  test('a guard that says no (read from decorator metadata) is a 403 with the route known', async () => {
    const r = await start(adapter);
    const res = await fetch(`${r.url}/api/v1/users/42/closed`);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ statusCode: 403, message: 'Forbidden resource' });
    expect(routeOf(r.requests[0]!)).toBe('/api/v1/users/:id/closed');
  });

  test('a 404 carries no route', async () => {
    const r = await start(adapter);
    expect((await fetch(`${r.url}/api/v2/users/42`)).status).toBe(404);
    expect((await fetch(`${r.url}/nothing`)).status).toBe(404);
    expect(r.requests.map((req) => routeOf(req))).toEqual([undefined, undefined]);
  });
});

describe('route noting on an adapter whose route methods Nest calls', () => {
  test("the handler passed on keeps its own properties, name, length and reflect metadata", () => {
    const registered: [string, (...a: any[]) => any][] = [];
    const adapter = {
      getType: () => 'express',
      get(path: string, handler: (...a: any[]) => any) { registered.push([path, handler]); return this; },
    };
    const handler = Object.assign(function route(_req: unknown, _res: unknown, _next: unknown) { return 'result'; }, { version: '2' });
    Reflect.defineMetadata('custom:key', { v: 1 }, handler);
    noteNestRoutes(adapter);
    expect(adapter.get('/api/x/:id', handler)).toBe(adapter);
    const [[path, passed]] = registered as [[string, any]];
    expect(path).toBe('/api/x/:id');
    expect(passed).not.toBe(handler);
    expect([passed.name, passed.length, passed.version]).toEqual(['route', 3, '2']);
    expect(Reflect.getMetadata('custom:key', passed)).toEqual({ v: 1 });
    const req = { route: { path: '/api/x/:id' } };
    expect(passed(req, {}, () => undefined)).toBe('result');
    expect(routeOf(req)).toBe('/api/x/:id');
    // Enumerating the adapter shows nothing new; a second install wraps nothing twice.
    expect(Object.keys(adapter)).toEqual(['getType', 'get']);
    noteNestRoutes(adapter);
    adapter.get('/y', handler);
    expect(Reflect.getMetadata('custom:key', registered[1]![1])).toEqual({ v: 1 });
    const req2 = {};
    registered[1]![1](req2, {}, () => undefined);
    expect(routeOf(req2)).toBe('/y');
  });

  test('install leaves anything that is not a Nest HTTP app alone', () => {
    expect(() => nestHooks.install!({ get: () => undefined }, { spec: SPEC, thisArg: undefined, args: [] })).not.toThrow();
    expect(() => nestHooks.install!(null, { spec: SPEC, thisArg: undefined, args: [] })).not.toThrow();
  });
});

/**
 * Built through tspc (ts-patch + tracewright/tsc) and esbuild with the tracewright plugin, and
 * run: the program prints exactly what its plain build prints, and every request has one SERVER
 * span, named with its route where one matched — the guard's 403 included.
 */
describe.each(['tsc', 'esbuild'] as const)('the Nest service built with %s', (tool) => {
  test('same output as the plain build; SERVER spans carry http.route on both adapters', async () => {
    const dir = await writeProject(`nest-${tool}`, NEST_FILES);
    const plain = await buildAndRun(dir, tool, 'plain');
    expect(plain.stdout).toBe(NEST_OUTPUT);
    expect(plain.spans).toEqual([]);
    const traced = await buildAndRun(dir, tool, 'traced');
    expect(traced.stdout).toBe(NEST_OUTPUT);
    const perAdapter = [
      'GET /api/v1/users/:id | /api/v1/users/:id | 200 | unset | client',
      'POST /api/v1/users/:id | /api/v1/users/:id | 201 | unset | client',
      'GET /api/v1/users/:id/closed | /api/v1/users/:id/closed | 403 | unset | client',
      'GET | - | 404 | unset | client',
    ];
    expect(serverSpanLines(traced.spans)).toEqual([...perAdapter, ...perAdapter]);
  }, 300_000);
});

/**
 * Beside @opentelemetry/instrumentation-http 0.223: it owns the SERVER span then, and still exactly
 * one per request carries the route on both adapters. (instrumentation-nestjs-core 0.70, the last on
 * the 2.x SDK line, supports @nestjs/core `<12` only, so it has nothing to patch in Nest 12.)
 */
test('with the official http instrumentation active: one SERVER span per request, its own, with the route', async () => {
  const dir = await writeProject('nest-official', NEST_FILES);
  writeFileSync(join(dir, 'otel-official.cjs'), officialSetup(
    "const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');",
    '[new HttpInstrumentation()]',
  ));
  const traced = await buildAndRun(dir, 'tsc', 'traced', './otel-official.cjs');
  expect(traced.stdout).toBe(NEST_OUTPUT);
  const server = traced.spans.filter((s) => s.kind === 1);
  const perAdapter = ['/api/v1/users/:id', '/api/v1/users/:id', '/api/v1/users/:id/closed', '-'];
  expect(server.map((s) => s.attributes['http.route'] ?? '-')).toEqual([...perAdapter, ...perAdapter]);
  expect(new Set(server.map((s) => s.scope))).toEqual(new Set(['@opentelemetry/instrumentation-http']));
}, 300_000);
