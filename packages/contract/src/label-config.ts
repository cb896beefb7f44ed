/**
 * The label config and its types live in @biaozhu/label-types (one folder per object and control type); contract
 * re-exports the names the rest of the code has always imported from here.
 */
export {
  choiceSchema,
  choicesControlSchema,
  imageObjectSchema,
  labelConfigSchema,
  labelControlSchema,
  labelObjectSchema,
  textObjectSchema,
  type Choice,
  type ChoicesControl,
  type LabelConfig,
  type LabelControl,
  type LabelObject,
} from '@biaozhu/label-types';
