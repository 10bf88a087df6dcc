// COPY text gathered into Buffers as it is rendered. A line appended to a string stays a rope of
// its pieces until the socket flattens it: a part of a file (4 MB of text, ~30,000 lines) was then
// ~20 heap objects a line, alive across many young-generation collections, copied by each and
// promoted (a third of an extract import's node CPU was collection). Written into a Buffer, a
// line is garbage as soon as it is written, and the text waits off the heap.

/** Appends COPY text lines to a Buffer of about `size` bytes; `take` hands the bytes over and starts afresh. */
export class CopyChunk {
  private buf: Buffer;
  private used = 0;

  constructor(private readonly size = 256 * 1024) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Bytes appended since the last take. */
  get bytes(): number {
    return this.used;
  }

  append(text: string): void {
    // A UTF-16 unit is at most 3 bytes of UTF-8: room for that, or a larger buffer.
    const room = text.length * 3;
    if (this.used + room > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.size, this.used + room));
      this.buf.copy(bigger, 0, 0, this.used);
      this.buf = bigger;
    }
    this.used += this.buf.write(text, this.used, 'utf8');
  }

  /** The text appended since the last take (a view of the buffer, which is not written again). */
  take(): Buffer {
    const out = this.buf.subarray(0, this.used);
    this.buf = Buffer.allocUnsafe(this.size);
    this.used = 0;
    return out;
  }
}
