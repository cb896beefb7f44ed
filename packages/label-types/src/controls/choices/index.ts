import { aboutItsObject, defineControl } from '../../control-type.js';
import { choicesControlSchema, type ChoicesControl } from './schema.js';
import { choicesAnswer, validateChoices } from './validate.js';
import { choicesXml } from './xml.js';

export const choicesControl = defineControl<ChoicesControl>({
  ...aboutItsObject,
  type: 'choices',
  tag: 'Choices',
  childTags: ['Choice'],
  schema: choicesControlSchema,
  resultType: 'choices',
  ...choicesXml,
  validate: validateChoices,
  answers: choicesAnswer,
});
