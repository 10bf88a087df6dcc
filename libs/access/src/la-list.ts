import { LA_CODE } from './principal';

/**
 * What a request's LA field names. The auth guard checks `codes` against the principal and the
 * validators refuse `malformed`, both from this one parse: were the two to read a value
 * differently (one trimming spaces, say), a code could reach a query unchecked.
 */
export interface LaList {
  /** Exact three-digit codes, once each, in order. */
  codes: string[];
  /** Every item that is not exactly a code (spaces, empty items, non-strings), as given. */
  malformed: unknown[];
}

/** Refusals, naming the field as class-validator does ($property). */
export const LA_CODE_MESSAGE = '$property must be a three-digit DfE local authority code';
export const LA_LIST_MESSAGE =
  '$property must be one or more three-digit DfE local authority codes, without spaces ($property=805,806 or $property=805&$property=806)';

export function isLaCode(value: unknown): value is string {
  return typeof value === 'string' && LA_CODE.test(value);
}

/**
 * An LA list as a query gives it: one value, repeated values (la=805&la=806) or comma-separated
 * (la=805,806). Nothing is trimmed or skipped: " 201" and "805," hold malformed items. Only a value
 * that is wholly empty (a blank form field) names no LA.
 */
export function parseLaList(value: unknown): LaList {
  const list: LaList = { codes: [], malformed: [] };
  const add = (item: unknown) => {
    if (!isLaCode(item)) list.malformed.push(item);
    else if (!list.codes.includes(item)) list.codes.push(item);
  };
  for (const v of Array.isArray(value) ? value : [value]) {
    if (v === undefined || v === '') continue;
    if (typeof v === 'string') v.split(',').forEach(add);
    else add(v);
  }
  return list;
}
