// COPY text gathered into Buffers as it is rendered. A line appended to a string stays a rope of
// its pieces until the socket flattens it: a part of a file (4 MB of text, ~30,000 lines) was then
// ~20 heap objects a line, alive across many young-generation collections, copied by each and
// promoted (a third of an extract import's node CPU was collection). Written into a Buffer, a
// line is garbage as soon as it is written, and the text waits off the heap.

/**
 * Appends COPY text lines to a Buffer of about `size` bytes; `take` hands over the bytes appended
 * since the last take, and later lines go on into the rest of the same Buffer. A batch takes its
 * text every 100 records (about 15 KB): a fresh 256 KB Buffer at each take was 25 MB of memory
 * outside the heap a batch of 10,000, and V8 answers that much with full collections (5 to 9 in
 * twenty batches, each 20 to 70 ms of the API's main thread; now 2 or 3).
 */
export class CopyChunk {
  private buf: Buffer;
  /** Where the text not yet taken starts. */
  private start = 0;
  private used = 0;

  constructor(private readonly size = 256 * 1024) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Bytes appended since the last take. */
  get bytes(): number {
    return this.used - this.start;
  }

  append(text: string): void {
    // A UTF-16 unit is at most 3 bytes of UTF-8: room for that, or a new buffer holding the text not yet taken.
    const room = text.length * 3;
    if (this.used + room > this.buf.length) {
      const pending = this.used - this.start;
      const next = Buffer.allocUnsafe(Math.max(this.size, pending + room));
      this.buf.copy(next, 0, this.start, this.used);
      [this.buf, this.start, this.used] = [next, 0, pending];
    }
    this.used += this.buf.write(text, this.used, 'utf8');
  }

  /** The text appended since the last take: a view of the buffer, whose bytes are never written again. */
  take(): Buffer {
    const out = this.buf.subarray(this.start, this.used);
    this.start = this.used;
    return out;
  }
}
