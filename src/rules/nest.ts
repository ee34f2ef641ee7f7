/**
 * NestJS 12. The server root is the app `NestFactory.create(AppModule, adapter?)` fulfils with
 * (result mode `install`: no span of its own; the `nest` hook hands `app.getHttpServer()` to the
 * server core and installs route noting on the app's HTTP adapter before `app.init()` registers
 * the controllers' routes, see runtime/hooks/nestRoutes.ts). Nest registers routes inside
 * `@nestjs/core`, never in user code, so no callback-arg rule: controllers and their decorator
 * metadata are left as they are.
 *
 * `NestFactory` is no class the user instantiates but an instance `@nestjs/core` exports
 * (`export const NestFactory: NestFactoryStatic`): under tsc its declared type matches the rule's
 * class; without a checker the LibraryTypes `instances` entry below says so.
 */
import { defineRule } from './defineRule.js';
import type { LibraryTypes } from './types.js';

/** `NestFactory.create(AppModule, adapter?, options?)`: the app its promise fulfils with. */
export const nestCreate = defineRule({
  id: 'nest.create',
  join: 'method',
  module: '@nestjs/core',
  class: 'NestFactoryStatic',
  name: 'create',
  versions: '>=12 <13',
  hooks: 'nest',
  result: 'install',
});

/** What `@nestjs/core` exports and returns, for the bundler path. */
export const nestTypes: LibraryTypes = {
  module: '@nestjs/core',
  instances: { NestFactory: 'NestFactoryStatic' },
  returns: { 'NestFactoryStatic#create': 'NestApplication' },
};
