// Worker-thread entry for MinHash hashing: receives batches of texts, returns shingle sets and band keys.
import { parentPort, workerData } from 'node:worker_threads';
import { hashBatch, MinHashScratch } from './minhash.js';
import type { MinHashParams } from './minhash.js';

interface Job {
  id: number;
  texts: string[];
}

const params = workerData as MinHashParams;
const scratch = new MinHashScratch();
const port = parentPort;
if (port) {
  port.on('message', (job: Job) => {
    const r = hashBatch(job.texts, params, scratch);
    port.postMessage({ id: job.id, batch: r }, [r.setOffsets.buffer as ArrayBuffer, r.sets.buffer as ArrayBuffer, r.bandKeys.buffer as ArrayBuffer]);
  });
  port.postMessage({ ready: true });
}
