import type { ValidationContext } from './control-type.js';
import { resultIssue, type ResultIssue } from './issues.js';
import type { LabelConfig, LabelControl } from './label-config.js';
import { controlTypeOf, resultTypeOf, type AnyControlType } from './registry.js';
import { isRelationItem, type ResultEntry, type ResultItem } from './result-item.js';

/** Task data as stored: the object the task's fields live in. */
export type TaskData = Readonly<Record<string, unknown>>;

/** The control an entry belongs to: by `from_name`, or, for entries without one (relations), by their type. */
export function controlOfEntry(config: LabelConfig, entry: ResultEntry): LabelControl | undefined {
  if (isRelationItem(entry)) return config.controls.find((c) => controlTypeOf(c)?.matchedBy === 'by-type' && controlTypeOf(c)?.resultType === entry.type);
  return config.controls.find((c) => c.name === entry.from_name && controlTypeOf(c)?.matchedBy === 'by-name');
}

/** The region items of an answer (spans, ...) by id: what relations and per-region answers point at. */
export function regionsOf(config: LabelConfig, entries: readonly ResultEntry[]): Map<string, ResultItem> {
  const regions = new Map<string, ResultItem>();
  for (const entry of entries) {
    if (isRelationItem(entry) || entry.id === undefined || regions.has(entry.id)) continue;
    const control = controlOfEntry(config, entry);
    if (control && controlTypeOf(control)?.makesRegions) regions.set(entry.id, entry);
  }
  return regions;
}

/** A required control left unanswered, with the region it lacks an answer for when it answers per region. */
export interface Unanswered {
  control: LabelControl;
  regionId?: string;
}

/**
 * The required controls an answer leaves unanswered, in config order. A per-region control needs an answer for every
 * region on its object; the others need one item that holds an answer (an empty choice list does not).
 */
export function unansweredRequired(config: LabelConfig, entries: readonly ResultEntry[]): Unanswered[] {
  const answered = new Set<string>();
  for (const entry of entries) {
    if (isRelationItem(entry)) continue;
    const control = controlOfEntry(config, entry);
    const type = control && controlTypeOf(control);
    if (control && type?.answers(entry)) answered.add(type.perRegion(control) ? regionKey(control.name, entry.id) : control.name);
  }
  const regions = [...regionsOf(config, entries).values()];
  const out: Unanswered[] = [];
  for (const control of config.controls) {
    const type = controlTypeOf(control);
    if (!type?.required(control)) continue;
    if (type.perRegion(control)) {
      const target = type.targets(control)[0];
      for (const region of regions) if (region.to_name === target && !answered.has(regionKey(control.name, region.id))) out.push({ control, regionId: region.id ?? '' });
    } else if (!answered.has(control.name)) out.push({ control });
  }
  return out;
}

const regionKey = (control: string, id: string | undefined) => `${control}\u0000${id ?? ''}`;

interface Placed {
  index: number;
  issue: ResultIssue;
}

/**
 * Every problem with an answer to a task, in the order of the items (problems of the whole answer, such as a required
 * control left unanswered, last). Generic checks come first (the control exists, the item names its object and its
 * type, region ids); then each item goes to its control type's `validate` with the task data. Pure: the caller
 * decides what to do with the issues (core answers 400 with the first one).
 */
export function resultIssues(config: LabelConfig, entries: readonly ResultEntry[], data: TaskData): ResultIssue[] {
  const objects = new Map(config.objects.map((o) => [o.name, o]));
  const regions = regionsOf(config, entries);
  const context: ValidationContext = {
    dataOf: (name) => {
      const object = objects.get(name);
      return object === undefined ? undefined : data[object.value];
    },
    objectNamed: (name) => objects.get(name),
    region: (id) => regions.get(id),
    entries,
  };
  const found: Placed[] = [];
  const answeredOnce = new Set<string>();
  const seenIds = new Set<string>();
  entries.forEach((entry, index) => {
    const at = `result[${index}]`;
    const add = (issues: readonly ResultIssue[]) => issues.forEach((issue) => found.push({ index, issue }));
    const control = controlOfEntry(config, entry);
    const type = control && controlTypeOf(control);
    if (control === undefined || type === undefined) {
      add([
        isRelationItem(entry)
          ? resultIssue(at, 'unknown_control', 'this project has no Relations control, so the answer cannot hold relations', { control: 'relations', index })
          : resultIssue(`${at}.from_name`, 'unknown_control', `no control named "${entry.from_name}" in this project`, { control: entry.from_name, index }),
      ]);
      return;
    }
    if (!isRelationItem(entry)) {
      const problem = itemProblem(entry, at, index, control, type, seenIds, regions);
      if (problem) return add([problem]);
    }
    const issues = type.validate(entry, at, control, context);
    if (issues.length > 0) return add(issues);
    if (!type.many && !isRelationItem(entry) && type.answers(entry)) {
      const perRegion = type.perRegion(control);
      const key = perRegion ? regionKey(control.name, entry.id) : control.name;
      if (answeredOnce.has(key)) {
        const region = perRegion ? ` for region "${entry.id ?? ''}"` : '';
        add([resultIssue(at, 'duplicate_control', `control "${control.name}" is answered twice${region}`, { control: control.name, index })]);
      }
      answeredOnce.add(key);
    }
  });
  const issues = found.sort((a, b) => a.index - b.index).map((p) => p.issue);
  for (const { control, regionId } of unansweredRequired(config, entries)) {
    const region = regionId === undefined ? '' : ` for region "${regionId}"`;
    issues.push(resultIssue('result', 'missing_required', `required control "${control.name}" has no answer${region}`, { control: control.name }));
  }
  return issues;
}

/** The checks every item of a named control gets: its object, its type, and its id when it is or needs a region. */
function itemProblem(
  item: ResultItem,
  at: string,
  index: number,
  control: LabelControl,
  type: AnyControlType,
  seenIds: Set<string>,
  regions: ReadonlyMap<string, ResultItem>,
): ResultIssue | undefined {
  const expected = type.resultToName(control);
  if (item.to_name !== expected) {
    return resultIssue(`${at}.to_name`, 'wrong_object', `control "${control.name}" applies to "${expected ?? ''}", not "${item.to_name}"`, { control: control.name, index });
  }
  const itemType = resultTypeOf(control) ?? type.resultType;
  if (item.type !== itemType) {
    return resultIssue(`${at}.type`, 'wrong_type', `control "${control.name}" writes items of type "${itemType}", not "${item.type}"`, { control: control.name, index });
  }
  if (type.makesRegions) {
    if (item.id === undefined) return resultIssue(`${at}.id`, 'missing_id', `a region of control "${control.name}" needs an id`, { control: control.name, index });
    if (seenIds.has(item.id)) return resultIssue(`${at}.id`, 'duplicate_id', `two regions have the id "${item.id}"`, { control: control.name, index, id: item.id });
    seenIds.add(item.id);
  }
  if (type.perRegion(control)) {
    const region = item.id === undefined ? undefined : regions.get(item.id);
    if (region === undefined || region.to_name !== item.to_name) {
      return resultIssue(`${at}.id`, 'unknown_region', `control "${control.name}" answers per region; no region with id "${item.id ?? ''}" on "${item.to_name}" in this answer`, {
        control: control.name,
        index,
        id: item.id ?? '',
      });
    }
  }
  return undefined;
}
