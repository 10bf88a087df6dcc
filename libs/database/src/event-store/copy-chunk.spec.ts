import { CopyChunk, GATHER_CHARS } from './copy-chunk';

describe('CopyChunk', () => {
  it('hands over the appended text as UTF-8 bytes and starts afresh', () => {
    const chunk = new CopyChunk(8);
    chunk.append('a\tb\n');
    chunk.append('é\t✓\n');
    // Lines still gathered count a byte a character until written (7 bytes as UTF-8).
    expect(chunk.bytes).toBe(4 + 4);
    const taken = chunk.take();
    expect(taken.length).toBe(4 + 7);
    expect(taken.toString('utf8')).toBe('a\tb\né\t✓\n');
    expect(chunk.bytes).toBe(0);
    chunk.append('c\n');
    expect(chunk.take().toString('utf8')).toBe('c\n');
  });

  it('grows for a line longer than its buffer, keeping what came before', () => {
    const chunk = new CopyChunk(4);
    chunk.append('ab');
    const long = 'x'.repeat(100) + '\n';
    chunk.append(long);
    expect(chunk.take().toString('utf8')).toBe('ab' + long);
  });

  it('goes on in the same buffer after a take, never writing over the text handed over', () => {
    const chunk = new CopyChunk(16);
    chunk.append('one\n');
    const first = chunk.take();
    chunk.append('two\n');
    const second = chunk.take();
    // Both taken from one buffer: the second starts where the first ended.
    expect(second.buffer).toBe(first.buffer);
    expect(second.byteOffset).toBe(first.byteOffset + first.length);
    chunk.append('three\n');
    // No room for it (6 characters, up to 18 bytes): another buffer, the taken text left as it was.
    const third = chunk.take();
    expect([first, second, third].map((b) => b.toString('utf8'))).toEqual(['one\n', 'two\n', 'three\n']);
  });

  it('carries the text written and not yet taken into the new buffer', () => {
    const chunk = new CopyChunk(8);
    chunk.append('ab');
    const taken = chunk.take();
    // Each as long as the lines gathered before a write: written as it comes, the second to a new buffer.
    const [first, second] = ['c', 'é'].map((c) => c.repeat(GATHER_CHARS - 1) + '\n');
    chunk.append(first);
    chunk.append(second);
    expect(chunk.bytes).toBe(GATHER_CHARS + (2 * GATHER_CHARS - 1));
    expect(chunk.take().toString('utf8')).toBe(first + second);
    expect(taken.toString('utf8')).toBe('ab');
  });

  it('keeps the order of lines gathered and lines written', () => {
    const chunk = new CopyChunk(64);
    const lines = Array.from({ length: 3000 }, (_, i) => `${i}\tcase-${i % 7 === 0 ? 'ü' : 'u'}\n`);
    const taken: Buffer[] = [];
    for (const [i, line] of lines.entries()) {
      chunk.append(line);
      if (i % 1000 === 999) taken.push(chunk.take());
    }
    expect(Buffer.concat(taken).toString('utf8')).toBe(lines.join(''));
  });
});
