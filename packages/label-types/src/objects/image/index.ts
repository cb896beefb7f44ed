import { defineObject } from '../../object-type.js';
import { imageObjectSchema } from './schema.js';
import { imageXml } from './xml.js';

export const imageObject = defineObject({ type: 'image', tag: 'Image', schema: imageObjectSchema, ...imageXml });
