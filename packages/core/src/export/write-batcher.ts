/**
 * Gathers small text writes (one COCO element, one VOC list line) into chunks of about `size` characters before
 * passing them on: one file or stream write per chunk instead of per record, which for 50,000 images was most of the
 * export's time. A Buffer passes straight through after what was gathered. Call `flush` before the sink ends.
 */
export class WriteBatcher {
  private parts: string[] = [];
  private length = 0;

  constructor(
    private readonly sink: (chunk: string | Buffer) => Promise<void>,
    private readonly size = 64 * 1024,
  ) {}

  async write(chunk: string | Buffer): Promise<void> {
    if (typeof chunk !== 'string') {
      await this.flush();
      await this.sink(chunk);
      return;
    }
    this.parts.push(chunk);
    this.length += chunk.length;
    if (this.length >= this.size) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.length = 0;
    await this.sink(text);
  }
}
