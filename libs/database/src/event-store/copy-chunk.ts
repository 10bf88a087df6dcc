// COPY text gathered into Buffers as it is rendered. A line appended to a string stays a rope of
// its pieces until the socket flattens it: a part of a file (4 MB of text, ~30,000 lines) was then
// ~20 heap objects a line, alive across many young-generation collections, copied by each and
// promoted (a third of an extract import's node CPU was collection). Written into a Buffer (16 KB
// of lines at a time), a line is garbage soon after it is rendered, and the text waits off the heap.

/**
 * Lines gathered into a string of this many characters are written into the buffer together: a
 * write a line cost more in calls than it saved, and a longer string (256 KB and more) no longer
 * flattens in the CPU's cache. 8,000 lines of a backfill's steps: 3.3-5.7 ms written a line at a
 * time, 2.3-2.6 ms gathered 16 KB at a time, 6-10 ms as one string turned into bytes at the end.
 */
export const GATHER_CHARS = 16 * 1024;

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
  /** Lines appended and not yet written into the buffer (at most GATHER_CHARS or one line). */
  private gathered = '';

  constructor(private readonly size = 256 * 1024) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Bytes appended since the last take (lines still gathered counted a byte a character). */
  get bytes(): number {
    return this.used - this.start + this.gathered.length;
  }

  append(text: string): void {
    this.gathered += text;
    if (this.gathered.length >= GATHER_CHARS) this.write();
  }

  /** The text appended since the last take: a view of the buffer, whose bytes are never written again. */
  take(): Buffer {
    if (this.gathered) this.write();
    const out = this.buf.subarray(this.start, this.used);
    this.start = this.used;
    return out;
  }

  private write(): void {
    const text = this.gathered;
    this.gathered = '';
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
}

/**
 * COPY text lines as pieces of about `pieceBytes` to stream into one COPY (a message a piece; one a
 * line would cost a write each), each a view of CopyChunk's buffers. A backfill's chunk of steps
 * (8,000 lines) built as one string and turned into bytes at the end cost 6.3 s of node's CPU at
 * 1,000,000 cases: V8 flattens the rope of a string built line by line when its bytes are taken,
 * and a rope of megabytes does not fit the CPU's cache.
 */
export class CopyPieces {
  private readonly chunk = new CopyChunk();
  private readonly pieces: Buffer[] = [];

  constructor(private readonly pieceBytes = 64 * 1024) {}

  append(line: string): void {
    this.chunk.append(line);
    if (this.chunk.bytes >= this.pieceBytes) this.pieces.push(this.chunk.take());
  }

  /** Every piece, the last one taken now. */
  end(): Buffer[] {
    if (this.chunk.bytes) this.pieces.push(this.chunk.take());
    return this.pieces;
  }
}
