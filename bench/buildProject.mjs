// The project `bench/build.mjs` builds: generated deterministically (seeded),
// shaped like a Node service: 30 feature folders of 10 TypeScript modules
// (models, repositories, services, controllers, utilities, a few .tsx views),
// cross-imports, real dependencies from node_modules (semver, @opentelemetry/api),
// and the usual vocabulary (`cache.get`, `request` parameters, URLs in strings)
// that a text prefilter has to see through. About one service in four makes
// HTTP calls (global fetch, node:http); a few functions carry `/** @span */`. Every repository
// (a tenth of the modules) reads through a shared `src/db.ts` that exports a pg pool and an
// ioredis client, the layout the bundler path follows across modules.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const KINDS = ['model', 'repo', 'service', 'controller', 'util', 'mapper', 'validator', 'policy', 'events', 'view'];

/** mulberry32: a tiny seeded PRNG, so every run generates the same project. */
function prng(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cap = (s) => s[0].toUpperCase() + s.slice(1);

function model(f) {
  const fields = Array.from({ length: 8 }, (_, i) => `  field${i}: ${['string', 'number', 'boolean', 'string[]'][i % 4]};`).join('\n');
  return `import { satisfies } from 'semver';

/** A ${f} record as stored and returned by the API. */
export interface ${cap(f)}Record {
  id: string;
  version: string;
${fields}
}

export type ${cap(f)}Patch = Partial<Omit<${cap(f)}Record, 'id'>>;

export const ${f}Defaults: ${cap(f)}Record = {
  id: '', version: '1.0.0', field0: '', field1: 0, field2: false, field3: [], field4: '', field5: 0, field6: false, field7: [],
};

export function isCompatible(record: ${cap(f)}Record, range: string): boolean {
  return satisfies(record.version, range);
}

export function merge(record: ${cap(f)}Record, patch: ${cap(f)}Patch): ${cap(f)}Record {
  return { ...record, ...patch, id: record.id };
}
`;
}

/** The shared database module every repository imports its pool or Redis client from. */
const DB = `import { Pool } from 'pg';
import Redis from 'ioredis';

/** One pool and one Redis client for the whole service. */
export const pool = new Pool({ max: 4 });
export const redis = new Redis({ lazyConnect: true });
`;

/** Each repository reads through the shared db module: pg in even features, ioredis in odd ones. */
function storage(f, i) {
  return i % 2 === 0
    ? `
  async load(id: string): Promise<${cap(f)}Record | undefined> {
    const { rows } = await pool.query('SELECT * FROM ${f} WHERE id = $1', [id]);
    return rows[0] as ${cap(f)}Record | undefined;
  }
`
    : `
  async load(id: string): Promise<${cap(f)}Record | undefined> {
    const raw = await redis.get(\`${f}:\${id}\`);
    return raw ? (JSON.parse(raw) as ${cap(f)}Record) : undefined;
  }
`;
}

function repo(f, i) {
  return `import type { ${cap(f)}Record } from './model';
import { merge, ${f}Defaults } from './model';
import { ${i % 2 === 0 ? 'pool' : 'redis'} } from '../db';

/** In-memory storage with a small LRU-ish cache; get/set/delete by id. */
export class ${cap(f)}Repository {
  private readonly rows = new Map<string, ${cap(f)}Record>();
  private readonly cache = new Map<string, ${cap(f)}Record>();

  get(id: string): ${cap(f)}Record | undefined {
    const hit = this.cache.get(id);
    if (hit) return hit;
    const row = this.rows.get(id);
    if (row) this.cache.set(id, row);
    return row;
  }

  upsert(id: string, patch: Partial<${cap(f)}Record>): ${cap(f)}Record {
    const next = merge(this.rows.get(id) ?? { ...${f}Defaults, id }, patch);
    this.rows.set(id, next);
    this.cache.delete(id);
    return next;
  }

${storage(f, i)}
  list(filter: (r: ${cap(f)}Record) => boolean = () => true): ${cap(f)}Record[] {
    return [...this.rows.values()].filter(filter).sort((a, b) => a.id.localeCompare(b.id));
  }
}
`;
}

function service(f, random) {
  const http = random() < 0.25;
  const node = http && random() < 0.4;
  const span = random() < 0.3;
  const call = !http ? `return { status: 200, body: JSON.stringify(record) };`
    : node ? `return await new Promise((resolve, reject) => {
      http.get(\`\${this.baseUrl}/${f}/\${record.id}\`, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: '' }));
      }).on('error', reject);
    });`
      : `const res = await fetch(\`\${this.baseUrl}/${f}/\${record.id}\`, { method: 'PUT', body: JSON.stringify(record) });
    return { status: res.status, body: await res.text() };`;
  return `${node ? "import http from 'node:http';\n" : ''}import { ${cap(f)}Repository } from './repo';
import type { ${cap(f)}Record } from './model';
import { validate${cap(f)} } from './validator';
import { normalize } from './util';

export interface SyncResult { status: number; body: string }

/** Business rules for ${f}: validation, normalisation, synchronisation with the upstream API. */
export class ${cap(f)}Service {
  constructor(private readonly repo = new ${cap(f)}Repository(), private readonly baseUrl = 'http://localhost:8080') {}

  find(id: string): ${cap(f)}Record | undefined {
    return this.repo.get(normalize(id));
  }

  save(id: string, request: Partial<${cap(f)}Record>): ${cap(f)}Record {
    const problems = validate${cap(f)}(request);
    if (problems.length > 0) throw new Error(problems.join('; '));
    return this.repo.upsert(normalize(id), request);
  }

${span ? '  /** @span */\n' : ''}  async sync(id: string): Promise<SyncResult> {
    const record = this.find(id);
    if (!record) return { status: 404, body: 'not found' };
    ${call}
  }
}
`;
}

function controller(f) {
  return `import { ${cap(f)}Service } from './service';
import { to${cap(f)}View } from './mapper';
import { allowed } from './policy';
import { emit } from './events';

export interface Request { method: string; path: string; params: Record<string, string>; body?: unknown }
export interface Response { status: number; body: unknown }

const service = new ${cap(f)}Service();

/** Routes for /${f}: GET one, PUT one, POST sync. */
export async function handle${cap(f)}(request: Request): Promise<Response> {
  if (!allowed(request.method, request.path)) return { status: 403, body: 'forbidden' };
  const id = request.params.id ?? '';
  switch (request.method) {
    case 'GET': {
      const found = service.find(id);
      return found ? { status: 200, body: to${cap(f)}View(found) } : { status: 404, body: null };
    }
    case 'PUT': {
      const saved = service.save(id, (request.body ?? {}) as object);
      emit('${f}.saved', saved.id);
      return { status: 200, body: to${cap(f)}View(saved) };
    }
    case 'POST':
      return { status: 202, body: await service.sync(id) };
    default:
      return { status: 405, body: \`method \${request.method} not allowed\` };
  }
}
`;
}

function util() {
  return `/** Small string helpers shared by the feature. */
export function normalize(id: string): string {
  return id.trim().toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function memo<A extends string, R>(fn: (a: A) => R): (a: A) => R {
  const seen = new Map<A, R>();
  return (a) => {
    if (!seen.has(a)) seen.set(a, fn(a));
    return seen.get(a)!;
  };
}
`;
}

function mapper(f) {
  return `import type { ${cap(f)}Record } from './model';

export interface ${cap(f)}View { id: string; label: string; tags: string[] }

export function to${cap(f)}View(record: ${cap(f)}Record): ${cap(f)}View {
  return { id: record.id, label: \`\${record.field0} (\${record.field1})\`, tags: [...record.field3, ...record.field7] };
}
`;
}

function validator(f) {
  return `import type { ${cap(f)}Record } from './model';

const RULES: [keyof ${cap(f)}Record, (v: unknown) => boolean][] = [
  ['field0', (v) => v === undefined || typeof v === 'string'],
  ['field1', (v) => v === undefined || (typeof v === 'number' && v >= 0)],
  ['version', (v) => v === undefined || /^\\d+\\.\\d+\\.\\d+$/.test(String(v))],
];

export function validate${cap(f)}(input: Partial<${cap(f)}Record>): string[] {
  return RULES.filter(([key, ok]) => !ok(input[key])).map(([key]) => \`invalid \${String(key)}\`);
}
`;
}

function policy() {
  return `const WRITE = new Set(['PUT', 'POST', 'DELETE']);

/** Read access for everyone, writes only under /api. */
export function allowed(method: string, path: string): boolean {
  return !WRITE.has(method) || path.startsWith('/api/');
}
`;
}

function events(f) {
  return `import { trace } from '@opentelemetry/api';

type Listener = (id: string) => void;
const listeners = new Map<string, Listener[]>();

export function on(name: string, listener: Listener): void {
  listeners.set(name, [...(listeners.get(name) ?? []), listener]);
}

export function emit(name: string, id: string): void {
  trace.getActiveSpan()?.addEvent(name, { '${f}.id': id });
  for (const listener of listeners.get(name) ?? []) listener(id);
}
`;
}

function view(f) {
  return `import type { ${cap(f)}View } from './mapper';

type Node = { tag: string; props: Record<string, unknown> | null; children: unknown[] };
const h = (tag: string, props: Record<string, unknown> | null, ...children: unknown[]): Node => ({ tag, props, children });

/** @jsx h */
export function ${cap(f)}Card({ view }: { view: ${cap(f)}View }): Node {
  return (
    <section class="card">
      <h2>{view.label}</h2>
      <ul>{view.tags.map((t) => <li>{t}</li>)}</ul>
    </section>
  );
}
`;
}

/** Writes the project (`features` folders of 10 modules, default 30) into `dir`, replacing it; returns the number of TypeScript modules. */
export function generateProject(dir, { tracewright, features: count = 30 }) {
  rmSync(dir, { recursive: true, force: true });
  const random = prng(20261126);
  const files = {};
  const features = Array.from({ length: count }, (_, i) => `feature${i}`);
  files['src/db.ts'] = DB;
  features.forEach((f, i) => {
    files[`src/${f}/model.ts`] = model(f);
    files[`src/${f}/repo.ts`] = repo(f, i);
    files[`src/${f}/service.ts`] = service(f, random);
    files[`src/${f}/controller.ts`] = controller(f);
    files[`src/${f}/util.ts`] = util();
    files[`src/${f}/mapper.ts`] = mapper(f);
    files[`src/${f}/validator.ts`] = validator(f);
    files[`src/${f}/policy.ts`] = policy();
    files[`src/${f}/events.ts`] = events(f);
    files[`src/${f}/view.tsx`] = view(f);
  });
  files['src/main.ts'] = `${features.map((f) => `import { handle${cap(f)} } from './${f}/controller';\nimport { ${cap(f)}Card } from './${f}/view';`).join('\n')}

export const routes = {
${features.map((f) => `  '/api/${f}': handle${cap(f)},`).join('\n')}
};
export const cards = [${features.map((f) => `${cap(f)}Card`).join(', ')}];
`;
  files['src/jsx.d.ts'] = `declare namespace JSX {\n  interface IntrinsicElements { [name: string]: Record<string, unknown> }\n}\n`;
  files['tsconfig.json'] = JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', jsx: 'react', jsxFactory: 'h', strict: true, skipLibCheck: true,
      esModuleInterop: true, types: ['node'], lib: ['ES2022', 'DOM'], rootDir: 'src', outDir: 'out/tsc',
    },
    include: ['src'],
  }, null, 2);
  files['tsconfig.plugin.json'] = JSON.stringify({
    extends: './tsconfig.json',
    compilerOptions: { outDir: 'out/tspc', plugins: [{ transform: join(tracewright, 'dist/cjs/tsc.js') }] },
  }, null, 2);
  files['package.json'] = JSON.stringify({ name: 'bench-build-project', private: true, type: 'module' }, null, 2);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  // The plugins resolve from this repository, the instrumented code's `@tracewright/runtime` from its workspace package.
  mkdirSync(join(dir, 'node_modules/@tracewright'), { recursive: true });
  symlinkSync(tracewright, join(dir, 'node_modules/tracewright'), 'dir');
  symlinkSync(join(tracewright, 'packages/runtime'), join(dir, 'node_modules/@tracewright/runtime'), 'dir');
  return Object.keys(files).filter((p) => /\.tsx?$/.test(p) && !p.endsWith('.d.ts')).length;
}
