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
});
