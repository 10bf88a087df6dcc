import { CopyChunk } from './copy-chunk';

describe('CopyChunk', () => {
  it('hands over the appended text as UTF-8 bytes and starts afresh', () => {
    const chunk = new CopyChunk(8);
    chunk.append('a\tb\n');
    chunk.append('é\t✓\n');
    expect(chunk.bytes).toBe(4 + 7);
    expect(chunk.take().toString('utf8')).toBe('a\tb\né\t✓\n');
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

  it('carries the text not yet taken into the new buffer', () => {
    const chunk = new CopyChunk(8);
    chunk.append('ab');
    const taken = chunk.take();
    chunk.append('cd');
    chunk.append('efgh');
    expect(chunk.bytes).toBe(6);
    expect(chunk.take().toString('utf8')).toBe('cdefgh');
    expect(taken.toString('utf8')).toBe('ab');
  });
});
