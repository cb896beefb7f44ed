import { z } from 'zod';

/** The name of an object or a control: what result items carry in `from_name` and `to_name`. */
export const nameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'must start with a letter or _ and hold only letters, digits, _ . -');

/** A key of the task's `data` (Label Studio's `$text` is `text`). */
export const dataKeySchema = z.string().min(1).max(200);

/** What a control shows as its heading (Label Studio: a `<Header>` just before it). */
export const controlLabelSchema = z.string().max(200).optional();

/** A single key, 1-9 or a letter; the workspace shows it on the option. */
export const hotkeySchema = z.string().length(1).optional();
