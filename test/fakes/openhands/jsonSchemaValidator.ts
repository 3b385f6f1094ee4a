// A validator for the JSON Schema subset the pinned agent-server OpenAPI uses (3.1 / draft 2020-12
// keywords as FastAPI emits them). Keywords outside the subset throw, so a refreshed document
// cannot silently weaken the checks.

export type JsonSchema = Record<string, unknown>;

export interface SchemaIssue {
  /** Dotted path into the value, `$` for the root. */
  path: string;
  message: string;
}

/** Keywords that only annotate; `discriminator` is read by oneOf. */
const ANNOTATIONS = new Set(['title', 'description', 'default', 'examples', 'readOnly', 'writeOnly', 'deprecated', 'discriminator', 'contentMediaType', 'contentEncoding']);
const CHECKED = new Set([
  '$ref', 'type', 'anyOf', 'oneOf', 'allOf', 'const', 'enum', 'properties', 'required', 'additionalProperties',
  'items', 'prefixItems', 'minItems', 'maxItems', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'minLength', 'maxLength', 'format',
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Validates values against schemas that may `$ref` into `#/components/schemas`. */
export class JsonSchemaValidator {
  private readonly root: Record<string, unknown>;

  constructor(root: Record<string, unknown>) {
    this.root = root;
  }

  validate(schema: JsonSchema, value: unknown): SchemaIssue[] {
    const issues: SchemaIssue[] = [];
    this.check(schema, value, '$', issues);
    return issues;
  }

  resolve(schema: JsonSchema): JsonSchema {
    let current = schema;
    for (let hops = 0; typeof current.$ref === 'string'; hops++) {
      if (hops > 32) throw new Error(`$ref chain too long at ${String(current.$ref)}`);
      current = this.lookup(current.$ref as string);
    }
    return current;
  }

  private lookup(ref: string): JsonSchema {
    if (!ref.startsWith('#/')) throw new Error(`only local $ref are supported, got ${ref}`);
    let node: unknown = this.root;
    for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown> | undefined)?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
    if (typeof node !== 'object' || node === null) throw new Error(`unresolved $ref ${ref}`);
    return node as JsonSchema;
  }

  private check(schema: JsonSchema, value: unknown, path: string, issues: SchemaIssue[]): void {
    for (const keyword of Object.keys(schema)) {
      if (!CHECKED.has(keyword) && !ANNOTATIONS.has(keyword)) throw new Error(`unsupported JSON Schema keyword "${keyword}" at ${path}`);
    }
    if (typeof schema.$ref === 'string') {
      this.check(this.lookup(schema.$ref), value, path, issues);
      return;
    }
    if (Array.isArray(schema.anyOf) && !schema.anyOf.some((option) => this.validate(option as JsonSchema, value).length === 0)) {
      issues.push({ path, message: `matches none of anyOf (${this.describe(schema.anyOf as JsonSchema[])})` });
      return;
    }
    if (Array.isArray(schema.oneOf)) this.checkOneOf(schema, value, path, issues);
    if (Array.isArray(schema.allOf)) for (const part of schema.allOf) this.check(part as JsonSchema, value, path, issues);
    if (!this.checkType(schema, value, path, issues)) return;
    this.checkValue(schema, value, path, issues);
    if (isObject(value)) this.checkObject(schema, value, path, issues);
    if (Array.isArray(value)) this.checkArray(schema, value, path, issues);
  }

  /** With a discriminator the variant is picked by its `const` (A6: ignore the mapping keys). */
  private checkOneOf(schema: JsonSchema, value: unknown, path: string, issues: SchemaIssue[]): void {
    const options = schema.oneOf as JsonSchema[];
    const property = (schema.discriminator as { propertyName?: string } | undefined)?.propertyName;
    if (property) {
      const tag = isObject(value) ? value[property] : undefined;
      if (typeof tag !== 'string') {
        issues.push({ path, message: `missing discriminator "${property}"` });
        return;
      }
      const variant = options.find((option) => (this.resolve(option).properties as Record<string, JsonSchema> | undefined)?.[property]?.const === tag);
      if (!variant) issues.push({ path: `${path}.${property}`, message: `no variant has ${property} "${tag}"` });
      else this.check(variant, value, path, issues);
      return;
    }
    const matching = options.filter((option) => this.validate(option, value).length === 0).length;
    if (matching !== 1) issues.push({ path, message: `matches ${matching} of oneOf, expected exactly 1` });
  }

  private checkType(schema: JsonSchema, value: unknown, path: string, issues: SchemaIssue[]): boolean {
    if (schema.type === undefined) return true;
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (types.some((type) => hasType(value, type))) return true;
    issues.push({ path, message: `expected ${types.join(' | ')}, got ${typeName(value)}` });
    return false;
  }

  private checkValue(schema: JsonSchema, value: unknown, path: string, issues: SchemaIssue[]): void {
    if ('const' in schema && !sameJson(schema.const, value)) issues.push({ path, message: `expected const ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}` });
    if (Array.isArray(schema.enum) && !schema.enum.some((option) => sameJson(option, value))) issues.push({ path, message: `${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}` });
    if (typeof value === 'number') {
      if (typeof schema.minimum === 'number' && value < schema.minimum) issues.push({ path, message: `${value} < minimum ${schema.minimum}` });
      if (typeof schema.maximum === 'number' && value > schema.maximum) issues.push({ path, message: `${value} > maximum ${schema.maximum}` });
      if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) issues.push({ path, message: `${value} <= exclusiveMinimum ${schema.exclusiveMinimum}` });
      if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) issues.push({ path, message: `${value} >= exclusiveMaximum ${schema.exclusiveMaximum}` });
    }
    if (typeof value === 'string') {
      if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) issues.push({ path, message: `shorter than ${schema.minLength}` });
      if (typeof schema.maxLength === 'number' && [...value].length > schema.maxLength) issues.push({ path, message: `longer than ${schema.maxLength}` });
      if (schema.format === 'uuid' && !UUID.test(value)) issues.push({ path, message: `"${value}" is not a uuid` });
      if (schema.format === 'date-time' && !DATE_TIME.test(value)) issues.push({ path, message: `"${value}" is not an RFC 3339 date-time` });
    }
  }

  private checkObject(schema: JsonSchema, value: Record<string, unknown>, path: string, issues: SchemaIssue[]): void {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const name of (schema.required ?? []) as string[]) if (!(name in value)) issues.push({ path, message: `missing required property "${name}"` });
    for (const [name, field] of Object.entries(value)) {
      const fieldPath = `${path}.${name}`;
      if (properties[name]) this.check(properties[name], field, fieldPath, issues);
      else if (schema.additionalProperties === false) issues.push({ path: fieldPath, message: 'additional property not allowed' });
      else if (isObject(schema.additionalProperties)) this.check(schema.additionalProperties, field, fieldPath, issues);
    }
  }

  private checkArray(schema: JsonSchema, value: unknown[], path: string, issues: SchemaIssue[]): void {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) issues.push({ path, message: `fewer than ${schema.minItems} items` });
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) issues.push({ path, message: `more than ${schema.maxItems} items` });
    const prefix = (schema.prefixItems ?? []) as JsonSchema[];
    value.forEach((item, index) => {
      const itemSchema = prefix[index] ?? (isObject(schema.items) ? schema.items : undefined);
      if (itemSchema) this.check(itemSchema, item, `${path}.${index}`, issues);
    });
  }

  private describe(options: JsonSchema[]): string {
    return options.map((option) => (typeof option.$ref === 'string' ? option.$ref.split('/').pop() : String(option.type ?? 'schema'))).join(', ');
  }
}

function hasType(value: unknown, type: string): boolean {
  if (type === 'null') return value === null;
  if (type === 'integer') return typeof value === 'number' && Number.isInteger(value);
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (type === 'object') return isObject(value);
  if (type === 'array') return Array.isArray(value);
  return typeof value === type;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
