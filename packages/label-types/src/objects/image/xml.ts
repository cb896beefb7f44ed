import { dataObjectXml } from '../data-object.js';

/** `<Image name="..." value="$key"/>` both ways. */
export const imageXml = dataObjectXml('image', 'Image');
