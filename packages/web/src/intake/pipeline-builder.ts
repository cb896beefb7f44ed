import type { PiiOptions, PipelineConfigInput, StepConfig } from '@biaozhu/contract';

/** The steps the form offers as switches; the JSON they produce can still be edited by hand. */
export const STEP_CHOICES = ['normalize', 'language', 'filter', 'dedup-exact', 'dedup-near', 'pii'] as const satisfies readonly StepConfig['step'][];
export type StepChoice = (typeof STEP_CHOICES)[number];

export interface PipelineChoices {
  textField: string;
  steps: Record<StepChoice, boolean>;
  piiMode: PiiOptions['mode'];
  minLength: number;
}

export const DEFAULT_CHOICES: PipelineChoices = {
  textField: 'text',
  steps: { normalize: true, language: false, filter: true, 'dedup-exact': true, 'dedup-near': false, pii: true },
  piiMode: 'mask',
  minLength: 2,
};

/** The pipeline config (docs/cleaning.md) for the chosen switches, as pretty JSON. */
export function buildPipeline(c: PipelineChoices): string {
  const steps: PipelineConfigInput['steps'] = [];
  if (c.steps.normalize) steps.push({ step: 'normalize' });
  if (c.steps.language) steps.push({ step: 'language', allowed: ['zh', 'en'] });
  if (c.steps.filter) steps.push({ step: 'filter', minLength: c.minLength });
  if (c.steps['dedup-exact']) steps.push({ step: 'dedup-exact' });
  if (c.steps['dedup-near']) steps.push({ step: 'dedup-near', threshold: 0.8 });
  if (c.steps.pii) steps.push({ step: 'pii', mode: c.piiMode });
  const config: PipelineConfigInput = { textField: c.textField, steps };
  return JSON.stringify(config, null, 2);
}
