import type { LabelConfig } from '@biaozhu/contract';
import { invalid } from '../errors.js';

/**
 * The data keys a project's config shows, checked on every imported record before anything is stored, and the
 * mapping of a file's columns onto them. Pure: importTasks applies it to each record it reads.
 */

/** A data key an object of the config shows (`value="$text"`), with that object's name for the message. */
export interface RequiredDataKey {
  key: string;
  object: string;
}

/** Which column of the file fills which data key: `{text: "review"}` puts each record's `review` under `text`. */
export type FieldMap = Readonly<Record<string, string>>;

const MAX_MAPPED_KEYS = 100;
const MAX_NAME_LENGTH = 200;
const MAX_KEYS_LISTED = 50;

/** Every data key the config's objects show, once each, in config order. */
export function requiredDataKeys(config: LabelConfig): RequiredDataKey[] {
  const seen = new Set<string>();
  const keys: RequiredDataKey[] = [];
  for (const o of config.objects) {
    if (seen.has(o.value)) continue;
    seen.add(o.value);
    keys.push({ key: o.value, object: o.name });
  }
  return keys;
}

/** Reads a field map from user input (an object of strings, or its JSON); `field` names it in errors. */
export function parseFieldMap(input: unknown, field = 'fieldMap'): FieldMap | undefined {
  if (input === undefined || input === null || input === '') return undefined;
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch {
      throw invalid('invalid_field_map', `${field}: not JSON; expected an object like {"text": "review"} (data key: column)`, { field });
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('invalid_field_map', `${field}: expected an object like {"text": "review"} (data key: column)`, { field });
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_MAPPED_KEYS) throw invalid('invalid_field_map', `${field}: at most ${MAX_MAPPED_KEYS} keys`, { field });
  const map = new Map<string, string>();
  const columns = new Set<string>();
  for (const [key, column] of entries) {
    const at = `${field}.${key.slice(0, 60)}`;
    if (typeof column !== 'string' || column === '') throw invalid('invalid_field_map', `${at}: the column must be a non-empty string`, { field: at });
    if (key === '' || key.length > MAX_NAME_LENGTH || column.length > MAX_NAME_LENGTH) {
      throw invalid('invalid_field_map', `${at}: keys and columns are 1-${MAX_NAME_LENGTH} characters`, { field: at });
    }
    if (key === '__proto__' || column === '__proto__') throw invalid('invalid_field_map', `${at}: "__proto__" cannot be a data key or a column`, { field: at });
    if (columns.has(column)) throw invalid('invalid_field_map', `${at}: column "${column.slice(0, 60)}" is mapped to two keys`, { field: at });
    columns.add(column);
    map.set(key, column);
  }
  return Object.fromEntries(map);
}

/**
 * The record's data with each mapped column moved under its key. A record that already has a key it is given by
 * the map, or lacks the mapped column, is left to the key check (it names the key), so nothing is overwritten.
 */
export function applyFieldMap(data: Record<string, unknown>, map: FieldMap | undefined): Record<string, unknown> {
  if (!map) return data;
  let out: Record<string, unknown> | undefined;
  for (const [key, column] of Object.entries(map)) {
    if (key === column || !Object.hasOwn(data, column) || Object.hasOwn(data, key)) continue;
    out ??= { ...data };
    // defineProperty: a plain assignment to a key such as "constructor" on a fresh object is fine, but stays explicit
    Object.defineProperty(out, key, { value: data[column], enumerable: true, writable: true, configurable: true });
    delete out[column];
  }
  return out ?? data;
}

/** The first key of `required` the record lacks, if any. */
export function missingDataKey(data: Record<string, unknown>, required: readonly RequiredDataKey[]): RequiredDataKey | undefined {
  return required.find((r) => !Object.hasOwn(data, r.key));
}

/** The error for a record without a key the config shows: names the key, the object, the line and the keys it has. */
export function missingDataKeyError(line: number, missing: RequiredDataKey, data: Record<string, unknown>, map: FieldMap | undefined) {
  const keys = Object.keys(data).slice(0, MAX_KEYS_LISTED);
  const mapped = map?.[missing.key];
  const has = keys.length > 0 ? `its keys are ${keys.map((k) => `"${k.slice(0, 60)}"`).join(', ')}` : 'it has no keys';
  const hint = mapped ? `the column "${mapped.slice(0, 60)}" mapped to it is not in this record` : `map one of its columns to "${missing.key}" (fieldMap)`;
  return invalid(
    'missing_data_key',
    `line ${line}: the project's config shows data key "${missing.key}" (object "${missing.object}"), which this record lacks; ${has}; ${hint}`,
    { line, key: missing.key, object: missing.object, keys, field: `data.${missing.key}` },
  );
}
