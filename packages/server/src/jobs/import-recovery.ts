import { recoverImports, type Context } from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';

/** How often the recovery pass looks for imports whose process died (one small query when there are none). */
const INTERVAL_MS = 15_000;

/**
 * Runs the import recovery pass (core/src/tasks/import-recovery.ts) when the app is ready and then every 15 s:
 * an import whose process died is finished if it had committed, and otherwise marked interrupted with its staged
 * rows deleted. Safe in every server process (each import is taken over by a compare-and-set); passes never overlap
 * within a process, and the first does not delay the start.
 */
export function startImportRecovery(app: FastifyInstance, ctx: Context): void {
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> | undefined;
  const run = () => {
    pass ??= recoverImports(ctx)
      .then((report) => {
        if (report.finished.length + report.interrupted.length + report.cleaned.length > 0) app.log.info({ report }, 'import recovery');
      })
      .catch((error: unknown) => app.log.error({ err: error }, 'import recovery failed'))
      .finally(() => (pass = undefined));
  };
  app.addHook('onReady', async () => {
    run();
    timer = setInterval(run, INTERVAL_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await pass;
  });
}
