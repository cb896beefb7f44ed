import { z } from 'zod';
import { controlTypeOf, CONTROL_TYPES, OBJECT_TYPES, objectTypeOf } from './registry.js';
import { configIssueParams } from './config-issues.js';

type Members<T extends readonly { schema: z.ZodType }[]> = z.output<T[number]['schema']>;

/** What a task shows: one of the registered object types. */
export type LabelObject = Members<typeof OBJECT_TYPES>;
/** What is answered: one of the registered control types. */
export type LabelControl = Members<typeof CONTROL_TYPES>;

// Every type's schema is a z.object with a literal `type`; the registry's list is typed by its members, so the union
// is assembled from it at run time and typed from the members' outputs.
type Discriminable = Parameters<typeof z.discriminatedUnion>[1];
export const labelObjectSchema = z.discriminatedUnion('type', OBJECT_TYPES.map((t) => t.schema) as unknown as Discriminable) as unknown as z.ZodType<
  LabelObject,
  unknown
>;
export const labelControlSchema = z.discriminatedUnion('type', CONTROL_TYPES.map((t) => t.schema) as unknown as Discriminable) as unknown as z.ZodType<
  LabelControl,
  unknown
>;

interface Loose {
  type?: unknown;
  name?: unknown;
}

/**
 * The native label config: what is shown (`objects`) and what is answered (`controls`). Label Studio XML is
 * converted into this shape on import (core/projects/label-studio-xml.ts). Each type checks its own fields; this adds
 * what spans types: unique names, controls pointing at objects that exist and are of a kind they apply to, one
 * relations control, and regions for the controls that answer per region.
 */
export const labelConfigSchema = z
  .object({
    objects: z.array(labelObjectSchema).min(1).max(20),
    controls: z.array(labelControlSchema).min(1).max(50),
  })
  .superRefine((config, ctx) => {
    // A member that failed its own schema is still here as it was sent: look only at what is certain.
    const objects = new Map<string, string>();
    (config.objects as Loose[]).forEach((o, i) => {
      if (typeof o.name !== 'string') return;
      if (objects.has(o.name)) ctx.addIssue({ code: 'custom', path: ['objects', i, 'name'], message: `duplicate object name "${o.name}"`, params: configIssueParams('duplicate_object_name', { name: o.name }) });
      if (objectTypeOf({ type: String(o.type) })) objects.set(o.name, String(o.type));
    });
    const names = new Set<string>();
    const single = new Set<string>();
    config.controls.forEach((c, i) => {
      const type = controlTypeOf(c);
      if (type === undefined || typeof c.name !== 'string') return;
      if (names.has(c.name) || objects.has(c.name)) ctx.addIssue({ code: 'custom', path: ['controls', i, 'name'], message: `duplicate name "${c.name}"`, params: configIssueParams('duplicate_name', { name: c.name }) });
      names.add(c.name);
      if (type.matchedBy === 'by-type') {
        if (single.has(type.type)) ctx.addIssue({ code: 'custom', path: ['controls', i, 'type'], message: `a config has at most one "${type.type}" control`, params: configIssueParams('single_control_twice', { type: type.type }) });
        single.add(type.type);
      }
      const declared: unknown = type.targets(c);
      const targets = (Array.isArray(declared) ? declared : [declared]).filter((t): t is string => typeof t === 'string');
      targets.forEach((target, j) => {
        const path = targets.length > 1 ? ['controls', i, 'toName', j] : ['controls', i, 'toName'];
        const objectType = objects.get(target);
        if (objectType === undefined) ctx.addIssue({ code: 'custom', path, message: `no object named "${target}"`, params: configIssueParams('no_such_object', { name: target }) });
        else if (type.targetTypes && !type.targetTypes.includes(objectType)) {
          ctx.addIssue({ code: 'custom', path, message: `a ${type.type} control applies to ${type.targetTypes.join(' or ')} objects; "${target}" is ${objectType}`,
            params: configIssueParams('wrong_target_type', { type: type.type, allowed: type.targetTypes.join(', '), name: target, actual: objectType }),
          });
        }
      });
      if (type.perRegion(c)) {
        const regions = config.controls.some((other) => controlTypeOf(other)?.makesRegions === true && controlTypeOf(other)?.targets(other).includes(targets[0] ?? ''));
        if (!regions) ctx.addIssue({ code: 'custom', path: ['controls', i, 'perRegion'], message: `no control makes regions (such as labels) on "${targets[0] ?? ''}"`, params: configIssueParams('no_regions_for_per_region', { name: targets[0] ?? '' }) });
      }
    });
  });
export type LabelConfig = z.infer<typeof labelConfigSchema>;
