import { aboutItsObject, defineControl } from '../../control-type.js';
import { textareaControlSchema, type TextareaControl } from './schema.js';
import { textareaAnswer, validateTextarea } from './validate.js';
import { textareaXml } from './xml.js';

export const textareaControl = defineControl<TextareaControl>({
  ...aboutItsObject,
  type: 'textarea',
  tag: 'TextArea',
  schema: textareaControlSchema,
  resultType: 'textarea',
  ...textareaXml,
  validate: validateTextarea,
  answers: textareaAnswer,
});
