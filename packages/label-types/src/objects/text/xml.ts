import { dataObjectXml } from '../data-object.js';

/** `<Text name="..." value="$key"/>` both ways. */
export const textXml = dataObjectXml('text', 'Text');
