// No SDK registered (this file never calls setupOtel): the tagged-template and forwarded-call
// helpers do what the plain expression does and allocate as little as possible — `tag` returns
// the tag function itself.
import { expect, it } from 'vitest';
import * as tw from '../../src/runtime/index.js';
import { site } from './_sites.js';

const S = site({ n: 'op' });

it('tag returns the tag itself, tagReceiver the receiver itself; tagMethod a function calling it on the receiver', () => {
  const sql = (strings: TemplateStringsArray) => strings;
  expect(tw.tag(S, sql)).toBe(sql);
  const db = { sql };
  expect(tw.tagReceiver(S, db, 'sql')).toBe(db);
  const recv = { name: 'r', sql(this: unknown, strings: TemplateStringsArray) { return [this, strings]; } };
  const render = () => tw.tagMethod(S, recv, 'sql')`t`;
  const [self, strings] = render();
  expect(self).toBe(recv);
  expect(render()[1]).toBe(strings);
});

it('forwarded calls run as written', () => {
  function f(this: unknown, ...args: unknown[]) {
    return [this, args];
  }
  const self = {};
  expect(tw.viaCall(S, f, [self, 1, 2])).toEqual([self, [1, 2]]);
  expect(tw.viaApply(S, f, [self, [3]])).toEqual([self, [3]]);
  expect(tw.viaReflectApply(S, Reflect, [f, self, [4]])).toEqual([self, [4]]);
  expect(() => tw.viaApply(S, f, [self, 'x'])).toThrow(TypeError);
});
