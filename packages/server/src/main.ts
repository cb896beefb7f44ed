import { createContext } from '@biaozhu/core';
import { migrateToLatest, openDatabase } from '@biaozhu/storage';
import { buildApp } from './app.js';
import { loadConfig, type ServerConfig } from './config.js';
import { startLeaseSweeper } from './jobs/lease-sweeper.js';

export interface RunningServer {
  /** Where to open it in a browser. */
  url: string;
  /** The address and port it listens on, e.g. `127.0.0.1:8080`. */
  listening: string;
  close(): Promise<void>;
}

/** Opens the database, migrates it, and serves HTTP until closed (SIGINT/SIGTERM close it gracefully). */
export async function startServer(config: ServerConfig = loadConfig()): Promise<RunningServer> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, durability: config.durability, pgSchema: config.pgSchema });
  await migrateToLatest(db);
  const ctx = createContext(db);
  const app = await buildApp(ctx, config);
  const stopSweeper = startLeaseSweeper(ctx, 30_000, (e) => app.log.error({ err: e }, 'lease sweep failed'));
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const bound = typeof address === 'object' && address ? address.address : config.host;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      stopSweeper();
      await app.close();
      await db.close();
    })());
  // An address that listens everywhere is opened in a browser as localhost.
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return { url: `http://${shown}:${port}`, listening: bound.includes(':') ? `[${bound}]:${port}` : `${bound}:${port}`, close };
}

export { buildApp, loadConfig };
