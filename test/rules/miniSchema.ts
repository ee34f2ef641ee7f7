/**
 * A tiny JSON Schema (2020-12) checker covering only the keywords
 * schema/rules.schema.json uses, so the schema/validator agreement test needs
 * no schema library. Unknown keywords fail loudly, so the schema cannot grow a
 * keyword this checker silently ignores.
 */
type Schema = boolean | Record<string, unknown>;

const KNOWN = new Set([
  '$schema', '$id', '$ref', '$defs', 'title', 'description', 'type', 'enum', 'const', 'pattern', 'minLength',
  'minItems', 'required', 'properties', 'additionalProperties', 'propertyNames', 'items', 'oneOf', 'anyOf', 'allOf',
  'not', 'if', 'then', 'else', 'examples',
]);

const typeOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' && Number.isInteger(v) ? 'integer' : typeof v;

/** Whether `value` is valid against `schema` (refs resolved in `root.$defs`). */
export function isValid(schema: Schema, value: unknown, root: Record<string, unknown>): boolean {
  if (typeof schema === 'boolean') return schema;
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`miniSchema: unsupported keyword ${key}`);
  const s = schema as Record<string, any>;
  const sub = (child: Schema, v: unknown) => isValid(child, v, root);
  if (s.$ref !== undefined) {
    const name = /^#\/\$defs\/(.+)$/.exec(s.$ref)?.[1];
    if (name === undefined) throw new Error(`miniSchema: unsupported $ref ${s.$ref}`);
    if (!sub((root.$defs as Record<string, Schema>)[name]!, value)) return false;
  }
  if (s.type !== undefined) {
    const types: string[] = Array.isArray(s.type) ? s.type : [s.type];
    const t = typeOf(value);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) return false;
  }
  if (s.enum !== undefined && !s.enum.includes(value)) return false;
  if ('const' in s && s.const !== value) return false;
  if (typeof value === 'string') {
    if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(value)) return false;
    if (s.minLength !== undefined && [...value].length < s.minLength) return false;
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) return false;
    if (s.items !== undefined && !value.every((v) => sub(s.items, v))) return false;
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    if (s.required !== undefined && !s.required.every((k: string) => k in obj)) return false;
    for (const [k, v] of Object.entries(obj)) {
      if (s.propertyNames !== undefined && !sub(s.propertyNames, k)) return false;
      if (s.properties !== undefined && k in s.properties) {
        if (!sub(s.properties[k], v)) return false;
      } else if (s.additionalProperties !== undefined && !sub(s.additionalProperties, v)) return false;
    }
  }
  if (s.allOf !== undefined && !s.allOf.every((c: Schema) => sub(c, value))) return false;
  if (s.anyOf !== undefined && !s.anyOf.some((c: Schema) => sub(c, value))) return false;
  if (s.oneOf !== undefined && s.oneOf.filter((c: Schema) => sub(c, value)).length !== 1) return false;
  if (s.not !== undefined && sub(s.not, value)) return false;
  if (s.if !== undefined) {
    const branch = sub(s.if, value) ? s.then : s.else;
    if (branch !== undefined && !sub(branch, value)) return false;
  }
  return true;
}
