import { defineObject } from '../../object-type.js';
import { hypertextObjectSchema } from './schema.js';
import { hypertextXml } from './xml.js';

export const hypertextObject = defineObject({ type: 'hypertext', tag: 'HyperText', schema: hypertextObjectSchema, ...hypertextXml });
