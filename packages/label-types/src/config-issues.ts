/**
 * What the label-config checker can say, as codes with parameters, so the web says it in the manager's language
 * (packages/web/src/i18n, `errors.configIssues`; a test checks that every code has words in both languages). The
 * checks keep an English sentence beside each (the server's message, for the API and the logs).
 */
export const CONFIG_ISSUE_CODES = [
  // core's XML reading (core/src/projects/label-studio-xml.ts)
  'xml_syntax',
  'xml_doctype',
  'xml_too_deep',
  'no_view_root',
  'unsupported_tag',
  'unsupported_child',
  'nested_options',
  // the types' XML mapping (xml-element.ts, controls/*/xml.ts)
  'value_not_data_key',
  'bad_choice_mode',
  'taxonomy_api_url',
  'bad_label_config',
  // the config schema's own rules (label-config.ts, controls/*/schema.ts)
  'duplicate_object_name',
  'duplicate_name',
  'single_control_twice',
  'no_such_object',
  'wrong_target_type',
  'no_regions_for_per_region',
  'duplicate_bucket',
  'two_default_buckets',
  'duplicate_option',
  'hotkey_twice',
  'max_below_min',
  'pairwise_same_object',
  'duplicate_taxonomy_choice',
  // zod's own checks, by kind (configIssueOfZod)
  'wrong_type',
  'too_small',
  'too_big',
  'not_one_of',
  'unknown_keys',
  'unknown_type',
  'invalid_format',
  'invalid',
] as const;
export type ConfigIssueCode = (typeof CONFIG_ISSUE_CODES)[number];

/** Values a translated sentence fills in: names, tags, numbers (never sentences). */
export type ConfigIssueParams = Record<string, string | number>;

export interface ConfigIssue {
  code: ConfigIssueCode;
  params: ConfigIssueParams;
}

/**
 * The `params` of a zod custom issue that carries its code (`ctx.addIssue({..., params: configIssueParams(...)})`),
 * read back by configIssueOfZod.
 */
export const configIssueParams = (code: ConfigIssueCode, params: ConfigIssueParams = {}) => ({ configIssue: { code, params } satisfies ConfigIssue });

/** The subset of a zod issue configIssueOfZod reads (zod 4's issue shapes). */
interface ZodIssueLike {
  code: string;
  path: readonly PropertyKey[];
  params?: Record<string, unknown> | undefined;
  expected?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  origin?: unknown;
  values?: readonly unknown[];
  keys?: readonly string[];
  format?: unknown;
  note?: unknown;
  discriminator?: unknown;
}

const listed = (values: readonly unknown[] | undefined) => (values ?? []).map((v) => (typeof v === 'string' ? `"${v}"` : String(v))).join(', ');

/** A zod issue of the config schema as code and params: the check's own code, or the kind of zod check. */
export function configIssueOfZod(issue: ZodIssueLike): ConfigIssue {
  const own = issue.params?.configIssue as ConfigIssue | undefined;
  if (own && typeof own.code === 'string') return own;
  const str = (v: unknown, fallback = '') => (typeof v === 'string' || typeof v === 'number' ? String(v) : fallback);
  const num = (v: unknown) => (typeof v === 'number' || typeof v === 'bigint' ? Number(v) : 0);
  switch (issue.code) {
    case 'invalid_type':
      return { code: 'wrong_type', params: { expected: str(issue.expected) } };
    case 'too_small':
      return { code: 'too_small', params: { minimum: num(issue.minimum), origin: str(issue.origin) } };
    case 'too_big':
      return { code: 'too_big', params: { maximum: num(issue.maximum), origin: str(issue.origin) } };
    case 'invalid_value':
      return { code: 'not_one_of', params: { values: listed(issue.values) } };
    case 'unrecognized_keys':
      return { code: 'unknown_keys', params: { keys: listed(issue.keys) } };
    case 'invalid_union':
      // a control or object whose `type` is none of the registered ones
      return issue.note === 'No matching discriminator' ? { code: 'unknown_type', params: { discriminator: str(issue.discriminator, 'type') } } : { code: 'invalid', params: {} };
    case 'invalid_format':
      return { code: 'invalid_format', params: { format: str(issue.format) } };
    default:
      return { code: 'invalid', params: {} };
  }
}
