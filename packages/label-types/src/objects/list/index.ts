import { defineObject } from '../../object-type.js';
import { listObjectSchema } from './schema.js';
import { listXml } from './xml.js';

export const listObject = defineObject({ type: 'list', tag: 'List', schema: listObjectSchema, ...listXml });
