import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3ClientFor, type S3Settings } from '@biaozhu/core';
import S3rver from 's3rver';

export interface TestS3 {
  settings: S3Settings;
  put(bucket: string, key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A local S3-compatible server (s3rver) on a free loopback port over a temporary folder, with the buckets created;
 * path-style addressing, as MinIO and most self-hosted stores are used.
 */
export async function startTestS3(buckets: string[]): Promise<TestS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'bz-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = await server.run();
  const settings: S3Settings = {
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    bucket: buckets[0]!,
    prefix: 'biaozhu-test/',
    forcePathStyle: true,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
  };
  const client = s3ClientFor(settings);
  for (const bucket of buckets) await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    settings,
    put: async (bucket, key, bytes, contentType) => {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: contentType }));
    },
    stop: async () => {
      client.destroy();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
