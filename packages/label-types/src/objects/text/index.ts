import { defineObject } from '../../object-type.js';
import { textObjectSchema } from './schema.js';
import { textXml } from './xml.js';

export const textObject = defineObject({ type: 'text', tag: 'Text', schema: textObjectSchema, ...textXml });
