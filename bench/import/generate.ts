import fs from 'node:fs';
import { once } from 'node:events';

/** A seeded JSONL task file: short Chinese/English review texts with a few fields, about `bytes` long or `rows` rows. */
export async function writeJsonl(file: string, limit: { rows?: number; bytes?: number }, seed = 1): Promise<{ rows: number; bytes: number }> {
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const zh = '这家店的服务很好下次还来味道一般价格有点贵环境干净整洁老板热情快递很快包装完好质量不错推荐购买';
  const en = ['great', 'service', 'slow', 'delivery', 'would', 'buy', 'again', 'the', 'price', 'is', 'fair', 'not', 'worth', 'it'];
  const out = fs.createWriteStream(file);
  let rows = 0;
  let bytes = 0;
  let buf = '';
  const maxRows = limit.rows ?? Infinity;
  const maxBytes = limit.bytes ?? Infinity;
  while (rows < maxRows && bytes < maxBytes) {
    let text = '';
    if (rnd() < 0.5) {
      const n = 20 + Math.floor(rnd() * 40);
      for (let i = 0; i < n; i++) text += zh[Math.floor(rnd() * zh.length)];
    } else {
      const n = 8 + Math.floor(rnd() * 12);
      const words: string[] = [];
      for (let i = 0; i < n; i++) words.push(en[Math.floor(rnd() * en.length)]!);
      text = words.join(' ');
    }
    const line = JSON.stringify({ text, lang: text.charCodeAt(0) > 127 ? 'zh' : 'en', shop: `s${Math.floor(rnd() * 1000)}`, n: rows }) + '\n';
    buf += line;
    bytes += Buffer.byteLength(line);
    rows++;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  return { rows, bytes };
}
