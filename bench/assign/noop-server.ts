// The baseline of bench/assign: a Fastify app that answers the annotator loop's two calls with the same payload
// shapes as Biaozhu, touching no database. Started as its own process, like the real server.
// Usage: node --import tsx bench/assign/noop-server.ts <port>
import Fastify from 'fastify';

const port = Number(process.argv[2] ?? 0);
const app = Fastify({ logger: false });
let nextId = 1;

app.post('/api/projects/:projectId/next', async (req) => {
  const projectId = Number((req.params as { projectId: string }).projectId);
  const id = nextId++;
  return {
    assignment: { id, taskId: id, projectId, data: { text: `item ${id}` }, expiresAt: new Date(Date.now() + 600_000).toISOString(), guidelineVersion: null },
    progress: { submittedByMe: 0, completed: 0, total: 10_000 },
  };
});

app.post('/api/assignments/:assignmentId/submit', async (req) => {
  const assignmentId = Number((req.params as { assignmentId: string }).assignmentId);
  const body = req.body as { idempotencyKey?: string };
  if (typeof body?.idempotencyKey !== 'string') throw new Error('idempotencyKey missing');
  return { annotation: { id: assignmentId, taskId: assignmentId, assignmentId, createdAt: new Date().toISOString() }, replayed: false, late: false };
});

await app.listen({ port, host: '127.0.0.1' });
process.stdout.write(`noop serving on ${port}\n`);
const stop = () => void app.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
