import { createHash } from 'node:crypto';

/** The SHA-256 of a whole file, in hex, as imports record it to recognise a file uploaded again. */
export const fileHash = () => createHash('sha256');
