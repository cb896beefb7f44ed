import { dataObjectXml } from '../data-object.js';

/** `<HyperText name="..." value="$key"/>` both ways. */
export const hypertextXml = dataObjectXml('hypertext', 'HyperText');
