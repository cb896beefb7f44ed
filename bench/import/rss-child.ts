// Imports one file into a fresh database in its own process and prints the peak RSS seen while it ran, so the
// figure is not inflated by the parent's generator or baseline.
import fs from 'node:fs';
import { setupImportTarget } from './target.js';

const [file, dataDir, dialect] = process.argv.slice(2) as [string, string, string];
let peak = process.memoryUsage().rss;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const target = await setupImportTarget(dialect === 'postgres' ? 'postgres' : 'sqlite', dataDir);
const started = performance.now();
const summary = await target.importFile(file);
const ms = performance.now() - started;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
await target.close();
process.stdout.write(JSON.stringify({ rows: summary.tasksCreated, ms, peakRss: peak, bytes: fs.statSync(file).size }) + '\n');
