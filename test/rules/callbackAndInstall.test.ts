// Validation of `callback-arg` rules (their `callback` selector) and of `result: "install"`:
// what resolves, and the exact message of each problem (field, what is wrong, the fix).
import { describe, expect, it } from 'vitest';
import { validateRules } from '../../src/rules/validate.js';
import { formatCallbackSelector, parseCallbackSelector } from '../../src/rules/callbackSelector.js';

const route = { id: 'express.route', join: 'callback-arg', module: 'express', class: ['Application', 'Router'], name: 'get', callback: 'args[1..]' };
const server = { id: 'http.server', join: 'call', module: 'http', export: 'createServer', hooks: 'http', result: 'install' };
const FIX = 'write args[1] (one argument), args[1..] (every argument from 1 on) or args[0].callback (a property of an options object)';

const message = (input: unknown): string => {
  try {
    validateRules([input], 'rules.json');
  } catch (error) {
    return (error as Error).message;
  }
  return 'valid';
};

describe('callback selectors', () => {
  it.each([
    ['args[0]', { index: 0, rest: false }],
    ['args[12..]', { index: 12, rest: true }],
    ['args[0].callback', { index: 0, rest: false, property: 'callback' }],
    ['args[2]["on-message"]', { index: 2, rest: false, property: 'on-message' }],
    ["args[1]['it\\'s']", { index: 1, rest: false, property: "it's" }],
  ])('%s', (text, selector) => {
    const parsed = parseCallbackSelector(text);
    expect(parsed).toEqual({ ok: true, selector });
    if (parsed.ok) expect(parseCallbackSelector(formatCallbackSelector(parsed.selector))).toEqual(parsed);
  });

  it.each([['args[1] '], ['args [1]'], ['args[-1]'], ['args[1].a.b'], ['args[1][""]'], ['args[1][0]'], ['args[1..2]'], ['']])('rejects %j', (text) => {
    expect(parseCallbackSelector(text).ok).toBe(false);
  });
});

describe('callback-arg rules', () => {
  it('resolve like method rules (or call rules with export), with the compiled selector', () => {
    const [method, exported] = validateRules([route, { id: 'timers.timeout', join: 'callback-arg', module: 'global', export: 'setTimeout', callback: 'args[0]' }], 'x');
    expect(method).toMatchObject({ join: 'callback-arg', module: 'express', classes: ['Application', 'Router'], names: ['get'], exports: [], callback: { index: 1, rest: true } });
    expect(exported).toMatchObject({ module: 'global', exports: ['setTimeout'], classes: [], callback: { index: 0, rest: false } });
  });

  it.each<[string, unknown, string]>([
    ['bad selector', { ...route, callback: 'args[1]..' },
      `[tracewright] rules.json: rule "express.route" (#0): field "callback": "args[1].." has an invalid property after args[1]: one property may follow, as .name or ["any key"]; ${FIX}`],
    ['not a string', { ...route, callback: 1 },
      `[tracewright] rules.json: rule "express.route" (#0): field "callback": expected a string, got a number; ${FIX}`],
    ['global without export', { ...route, module: 'global' },
      '[tracewright] rules.json: rule "express.route" (#0): field "module": "global" needs "export" (a global function such as "setTimeout"); add "export", or name the package whose class has the method'],
    ['export and name', { id: 'x.on', join: 'callback-arg', module: 'x', export: 'on', name: 'on', callback: 'args[1]' },
      '[tracewright] rules.json: rule "x.on" (#0): field "name": not used with "export"; a callback-arg rule names either an exported function ("export") or a method ("class" with "name" or "path"): remove one'],
    ['callback on a call rule', { ...server, result: undefined, callback: 'args[0]' },
      '[tracewright] rules.json: rule "http.server" (#0): field "callback": not used by join "call"; remove it, or change "join"'],
    ['install on callback-arg', { ...route, hooks: 'http', result: 'install' },
      '[tracewright] rules.json: rule "express.route" (#0): field "result": "install" is only valid with join "call", "method" or "new", not "callback-arg"; use another result mode, or change "join"'],
  ])('%s', (_name, input, expected) => {
    expect(message(input)).toBe(expected);
  });
});

describe('result "install"', () => {
  it('is valid on call, method and new rules with hooks, and with an empty span', () => {
    expect(message(server)).toBe('valid');
    expect(message({ id: 'x.listen', join: 'method', module: 'x', class: 'App', name: 'listen', hooks: 'http', result: 'install', span: {} })).toBe('valid');
    expect(message({ id: 'x.server', join: 'new', module: 'x', export: 'Server', hooks: 'http', result: 'install' })).toBe('valid');
  });

  it.each<[string, unknown, string]>([
    ['without hooks', { ...server, hooks: undefined },
      '[tracewright] rules.json: rule "http.server" (#0): field "hooks": missing, and result "install" needs it: its install() receives the call\'s result; add the id of the runtime hook module that installs on the result'],
    ['with span attributes', { ...server, span: { attributes: { a: 1 } } },
      '[tracewright] rules.json: rule "http.server" (#0): field "span": "attributes" has no effect with result "install", which opens no span around the call; remove "span" (the hook traces what happens on the installed object)'],
    ['on a function rule', { id: 'app.fn', join: 'function', module: './src/**', name: 'f', hooks: 'http', result: 'install' },
      '[tracewright] rules.json: rule "app.fn" (#0): field "result": "install" is only valid with join "call", "method" or "new", not "function"; use another result mode, or change "join"'],
  ])('%s', (_name, input, expected) => {
    expect(message(input)).toBe(expected);
  });
});
