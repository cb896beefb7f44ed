import { defineObject } from '../../object-type.js';
import { dialogueObjectSchema } from './schema.js';
import { dialogueXml } from './xml.js';

export const dialogueObject = defineObject({ type: 'dialogue', tag: 'Paragraphs', schema: dialogueObjectSchema, ...dialogueXml });
