import { invalid } from '../errors.js';
import { MAX_NESTING_DEPTH } from '../storable-value.js';

/** One top-level JSON value found by {@link JsonElementScanner}. */
export interface RawElement {
  /** 1-based position among the top-level elements. */
  index: number;
  /** 1-based line of the file where the element starts. */
  line: number;
  /** Offset of the element's first byte. */
  byte: number;
  /** The element's bytes, or `undefined` when it was longer than the limit. */
  bytes: Uint8Array | undefined;
  length: number;
  /** The element nests deeper than MAX_NESTING_DEPTH: a bad record, whose boundary was still found. */
  tooDeep: boolean;
}

const enum Mode {
  Start,
  /** Inside the top-level array, before the first element or after a comma. */
  ArrayValue,
  /** Inside the top-level array, after an element. */
  ArrayComma,
  /** After the closing bracket of the top-level array. */
  AfterArray,
  /** No array: whitespace-separated top-level values (one object, or concatenated objects). */
  Sequence,
}

const isWhitespace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * Finds the boundaries of top-level elements in a JSON array (or a sequence of top-level values) as bytes arrive, so
 * a large array is parsed one element at a time with memory bounded by the largest element. It tracks strings,
 * escapes and bracket nesting only; each element is then parsed with JSON.parse. Structural faults (a missing comma,
 * a mismatched bracket, a truncated file) throw, since no later boundary can be trusted after them.
 */
export class JsonElementScanner {
  private mode = Mode.Start;
  private offset = 0;
  private line = 1;
  private index = 0;
  private inElement = false;
  private inString = false;
  private escaped = false;
  private scalar = false;
  private readonly stack: number[] = [];
  /** Brackets opened beyond MAX_NESTING_DEPTH: only counted, so memory stays bounded however deep an element goes. */
  private excess = 0;
  private tooDeep = false;
  private pending: Uint8Array[] = [];
  private pendingLength = 0;
  private overflow = false;
  private startByte = 0;
  private startLine = 1;

  constructor(private readonly maxElementBytes: number) {}

  /** Feeds the next chunk; returns the elements completed in it. */
  push(chunk: Uint8Array): RawElement[] {
    const out: RawElement[] = [];
    let elementStart = 0;
    let i = 0;
    if (this.offset === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    const n = chunk.length;
    while (i < n) {
      const b = chunk[i] ?? 0;
      if (this.inElement) {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (b === 0x5c) this.escaped = true;
          else if (b === 0x22) {
            this.inString = false;
            if (this.stack.length === 0) {
              out.push(this.endElement(chunk, elementStart, i + 1));
              this.afterElement();
            }
          } else if (b === 0x0a) this.line += 1;
          i += 1;
          continue;
        }
        if (this.scalar) {
          if (isWhitespace(b) || b === 0x2c || b === 0x5d || b === 0x5b || b === 0x7b || b === 0x7d || b === 0x22) {
            out.push(this.endElement(chunk, elementStart, i));
            this.afterElement();
            continue; // the delimiter is read again outside the element
          }
          i += 1;
          continue;
        }
        if (b === 0x22) this.inString = true;
        else if (b === 0x7b || b === 0x5b) {
          if (this.stack.length < MAX_NESTING_DEPTH) this.stack.push(b === 0x7b ? 0x7d : 0x5d);
          else {
            this.excess += 1;
            this.tooDeep = true;
          }
        } else if (b === 0x7d || b === 0x5d) {
          if (this.excess > 0) this.excess -= 1;
          else if (this.stack.pop() !== b) throw this.fault(i, `unexpected "${String.fromCharCode(b)}" (mismatched bracket)`);
          if (this.stack.length === 0) {
            out.push(this.endElement(chunk, elementStart, i + 1));
            this.afterElement();
          }
        } else if (b === 0x0a) this.line += 1;
        i += 1;
        continue;
      }
      // Between elements.
      if (isWhitespace(b)) {
        if (b === 0x0a) this.line += 1;
        i += 1;
        continue;
      }
      switch (this.mode) {
        case Mode.Start:
          if (b === 0x5b) {
            this.mode = Mode.ArrayValue;
            i += 1;
            continue;
          }
          this.mode = Mode.Sequence;
          break;
        case Mode.ArrayValue:
          if (b === 0x5d) {
            if (this.index > 0) throw this.fault(i, 'a "," is followed by "]"; remove the trailing comma');
            this.mode = Mode.AfterArray;
            i += 1;
            continue;
          }
          if (b === 0x2c) throw this.fault(i, 'expected an element, found ","');
          break;
        case Mode.ArrayComma:
          if (b === 0x2c) this.mode = Mode.ArrayValue;
          else if (b === 0x5d) this.mode = Mode.AfterArray;
          else throw this.fault(i, `expected "," or "]" after element ${this.index}, found "${String.fromCharCode(b)}"`);
          i += 1;
          continue;
        case Mode.AfterArray:
          throw this.fault(i, 'unexpected content after the end of the JSON array');
        case Mode.Sequence:
          break;
      }
      if (b === 0x2c || b === 0x5d || b === 0x7d) throw this.fault(i, `unexpected "${String.fromCharCode(b)}"`);
      // An element starts here.
      this.inElement = true;
      this.index += 1;
      this.startByte = this.offset + i;
      this.startLine = this.line;
      elementStart = i;
      if (b === 0x22) this.inString = true;
      else if (b === 0x7b || b === 0x5b) this.stack.push(b === 0x7b ? 0x7d : 0x5d);
      else this.scalar = true;
      i += 1;
    }
    if (this.inElement) this.keep(chunk.subarray(elementStart));
    this.offset += n;
    return out;
  }

  /** Signals the end of input; returns a final bare value (e.g. a lone number) or throws if the JSON is truncated. */
  end(): RawElement[] {
    if (this.inElement && this.scalar && !this.inString) {
      const element = this.endElement(new Uint8Array(0), 0, 0);
      this.afterElement();
      return [element];
    }
    if (this.inElement) {
      throw invalid(
        'bad_json',
        `the file ends inside element ${this.index}, which starts at line ${this.startLine} (byte ${this.startByte}); the JSON is truncated`,
        { line: this.index, element: this.index, fileLine: this.startLine, byte: this.startByte },
      );
    }
    if (this.mode === Mode.ArrayValue || this.mode === Mode.ArrayComma) {
      throw invalid('bad_json', `the file ends before the JSON array is closed with "]" (line ${this.line}, byte ${this.offset})`, {
        line: this.line,
        byte: this.offset,
      });
    }
    return [];
  }

  private keep(piece: Uint8Array): void {
    this.pendingLength += piece.length;
    if (this.overflow) return;
    if (this.pendingLength > this.maxElementBytes) {
      this.overflow = true;
      this.pending = [];
      return;
    }
    // Copy: the caller may reuse its chunk buffers.
    this.pending.push(Uint8Array.prototype.slice.call(piece));
  }

  private endElement(chunk: Uint8Array, from: number, to: number): RawElement {
    const tail = chunk.subarray(from, to);
    const length = this.pendingLength + tail.length;
    let bytes: Uint8Array | undefined;
    if (this.overflow || length > this.maxElementBytes) bytes = undefined;
    else if (this.pending.length === 0) bytes = tail;
    else bytes = Buffer.concat([...this.pending, tail], length);
    const element: RawElement = { index: this.index, line: this.startLine, byte: this.startByte, bytes, length, tooDeep: this.tooDeep };
    this.tooDeep = false;
    this.pending = [];
    this.pendingLength = 0;
    this.overflow = false;
    return element;
  }

  private afterElement(): void {
    this.inElement = false;
    this.scalar = false;
    if (this.mode === Mode.ArrayValue) this.mode = Mode.ArrayComma;
  }

  private fault(i: number, message: string) {
    const byte = this.offset + i;
    return invalid('bad_json', `invalid JSON at line ${this.line}, byte ${byte}: ${message}`, { line: this.line, byte });
  }
}
