// The DTOs' class-validator rules, compiled once per class into a plain check that answers one
// question fast: does this instance pass every rule? validateSync answers the same question at
// about 14 microseconds a record, most of it building error objects and regrouping metadata on
// every call. The compiled check calls the very same constraint functions, read from
// class-validator's metadata, so the DTOs stay the one source of truth; it answers "pass" only
// when class-validator would find nothing, and "not sure" otherwise (a failed rule, or a rule it
// does not compile). On "not sure" the caller runs validateSync for its exact errors: bad records
// are rare, and their errors stay class-validator's, field by field and word for word.
import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

interface Rule {
  /** The constraint's own validate function, bound to its instance (or its exact equivalent, see fastValidate). */
  validate: (value: unknown, args: ValidationArguments) => unknown;
  /** The arguments class-validator passes, built once: `object` and `value` are set before each call. */
  args: ValidationArguments;
}

/**
 * @Matches with a plain pattern is class-validator's `typeof value === 'string' && !!value.match(pattern)`
 * (validator.js); for a pattern without the g or y flag (no lastIndex state) that is pattern.test,
 * without the match array. Any other rule keeps its own function.
 */
function fastValidate(m: ValidationMetadata, validate: Rule['validate']): Rule['validate'] {
  const [pattern, modifiers] = m.constraints ?? [];
  if (m.name === 'matches' && pattern instanceof RegExp && modifiers === undefined && !pattern.global && !pattern.sticky) {
    return (value) => typeof value === 'string' && pattern.test(value);
  }
  return validate;
}

interface PropertyChecks {
  name: string;
  /** @IsOptional and @ValidateIf: the property is checked only when all of them say so. */
  conditions: ((object: object, value: unknown) => boolean)[];
  rules: Rule[];
  nested: boolean;
}

/** A DTO class (class-validator's own API types it as Function). */
type DtoClass = abstract new (...args: never[]) => object;

/** A compiled class: true when class-validator (whitelist, forbidNonWhitelisted) would pass it. */
export type CompiledCheck = (instance: object) => boolean;

const compiled = new Map<DtoClass, CompiledCheck>();
const NOT_SURE: CompiledCheck = () => false;

/** The compiled check of `cls` (built once), or one that always answers "not sure". */
export function compiledCheckFor(cls: DtoClass): CompiledCheck {
  let check = compiled.get(cls);
  if (!check) {
    check = compile(cls) ?? NOT_SURE;
    compiled.set(cls, check);
  }
  return check;
}

/** Whether a class's every rule compiles (a spec asserts it for every event DTO). */
export function isFullyCompiled(cls: DtoClass): boolean {
  return compiledCheckFor(cls) !== NOT_SURE;
}

/** Null when some rule is of a kind this does not compile (async, `each`, groups, promises). */
function compile(cls: DtoClass): CompiledCheck | null {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(cls, '', false, false);
  if (!metadatas.length) return null; // class-validator's "unknown value": leave it to it
  const grouped = storage.groupByPropertyName(metadatas);
  const properties: PropertyChecks[] = [];
  for (const [name, list] of Object.entries(grouped)) {
    const p: PropertyChecks = { name, conditions: [], rules: [], nested: false };
    for (const m of list) {
      if (m.groups?.length || m.always || m.each) return null;
      if (m.type === ValidationTypes.CONDITIONAL_VALIDATION) p.conditions.push(m.constraints[0]);
      else if (m.type === ValidationTypes.NESTED_VALIDATION) p.nested = true;
      else if (m.type === ValidationTypes.CUSTOM_VALIDATION || m.type === ValidationTypes.IS_DEFINED) {
        if ((m as { validateIf?: unknown }).validateIf) return null;
        for (const c of storage.getTargetValidatorConstraints(m.constraintCls)) {
          if (c.async) return null;
          const instance = c.instance as { validate: Rule['validate'] };
          const args = { targetName: cls.name, property: name, object: {}, value: undefined, constraints: m.constraints };
          p.rules.push({ validate: fastValidate(m, instance.validate.bind(instance)), args });
        }
      } else if (m.type !== ValidationTypes.WHITELIST) return null;
    }
    properties.push(p);
  }
  const allowed = new Set(Object.keys(grouped));

  return (instance: object): boolean => {
    const record = instance as Record<string, unknown>;
    for (const key of Object.keys(record)) if (!allowed.has(key)) return false;
    for (const p of properties) {
      const value = record[p.name];
      let applies = true;
      for (const condition of p.conditions) if (!condition(instance, value)) applies = false;
      if (!applies) continue;
      for (const rule of p.rules) {
        // Synchronous, so one arguments object per rule serves every call.
        rule.args.object = instance;
        rule.args.value = value;
        const ok = rule.validate(value, rule.args);
        // class-validator fails a falsy answer and awaits a promise: both are "not sure" here.
        if (!ok || typeof (ok as { then?: unknown }).then === 'function') return false;
      }
      if (p.nested && value !== undefined) {
        // An object is checked by its own class's rules; anything else is class-validator's to word.
        if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Set || value instanceof Map)
          return false;
        if (!compiledCheckFor(value.constructor as DtoClass)(value)) return false;
      }
    }
    return true;
  };
}
