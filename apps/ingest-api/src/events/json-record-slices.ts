import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';

/** Records of a batch read from its JSON text, a slice at a time. */
export interface RecordSlice {
  records: unknown[];
  /** The index of its first record in the batch. */
  from: number;
  /**
   * Its text holds no backslash and no DEL byte, so no string or key of it holds a control
   * character (see noteJsonText); otherwise the records must be walked.
   */
  plain: boolean;
}

export interface SliceOptions {
  /** Records a slice holds (the last may hold fewer). */
  size: number;
  /** The most bytes the body may hold: more is 413. */
  byteLimit: number;
}

const [SPACE, TAB, LF, CR] = [0x20, 0x09, 0x0a, 0x0d];
const [QUOTE, BACKSLASH, DEL, COMMA] = [0x22, 0x5c, 0x7f, 0x2c];
const [OPEN_ARRAY, CLOSE_ARRAY, OPEN_OBJECT, CLOSE_OBJECT] = [0x5b, 0x5d, 0x7b, 0x7d];

const BOM = [0xef, 0xbb, 0xbf];

const isSpace = (c: number) => c === SPACE || c === LF || c === CR || c === TAB;
const SHAPE = 'the body must be a JSON array of events, or one event as a JSON object';

export const tooLarge = (limit: number) =>
  new PayloadTooLargeException(`the body is over the limit of ${limit} bytes; send the batch in smaller parts`);

/**
 * Reads a JSON body as it arrives and hands over its records a slice at a time, so a batch's
 * validation and its writes start with its first bytes, not after the last (a 10,000-event body
 * took 25 to 35 ms to arrive and parse, PostgreSQL idle meanwhile). A scan of the bytes finds
 * where each record of the top-level array ends (a comma or the closing bracket outside any string
 * or nesting); each slice's text is then parsed by JSON.parse, as the whole body was. One object
 * instead of an array is one record, read whole. Malformed JSON is 400 naming the record where
 * it was found; more than `byteLimit` bytes is 413. Slices are cut at ASCII bytes, so a UTF-8
 * character is never split.
 */
export async function* jsonRecordSlices(body: AsyncIterable<Buffer>, { size, byteLimit }: SliceOptions): AsyncGenerator<RecordSlice> {
  /** 'start' before the first byte that is not white space; 'array' inside it; 'object' for one object; 'end' after. */
  let phase: 'start' | 'array' | 'object' | 'end' = 'start';
  let bytes = 0;
  // The current slice: its text so far (tails of earlier chunks) and its length, where the commas
  // between its records are in that text (for the record an error names), its records, whether it is plain.
  let pieces: Buffer[] = [];
  let piecesBytes = 0;
  let commas: number[] = [];
  let inSlice = 0;
  let from = 0;
  let plain = true;
  /** The chunk being scanned holds a DEL byte. */
  let chunkHasDel = false;
  // The scan: nesting inside the current record, a string, an escape, a record's first byte seen.
  let depth = 0;
  let inString = false;
  let escaped = false;
  let valueSeen = false;

  const keep = (piece: Buffer) => {
    pieces.push(piece);
    piecesBytes += piece.length;
  };
  const restart = () => {
    [pieces, piecesBytes, commas] = [[], 0, []];
  };
  const slice = (): RecordSlice => {
    // Most slices lie within one chunk of the body: read from it as it is, not copied first.
    const text = pieces.length === 1 ? pieces[0] : Buffer.concat(pieces, piecesBytes);
    let records: unknown[];
    try {
      records = JSON.parse(`[${text.toString('utf8')}]`) as unknown[];
    } catch {
      throw new BadRequestException(`the body is not valid JSON: record ${from + badRecord(text, commas)}`);
    }
    const out = { records, from, plain };
    from += inSlice;
    restart();
    [inSlice, plain] = [0, !chunkHasDel];
    return out;
  };

  for await (const chunk of body) {
    bytes += chunk.length;
    if (bytes > byteLimit) throw tooLarge(byteLimit);
    // A DEL is rare: a chunk holding one makes every slice it touches not plain (walked, to be sure).
    chunkHasDel = chunk.indexOf(DEL) >= 0;
    if (chunkHasDel) plain = false;
    let start = 0;
    /** The next backslash at or after i (chunk.length: none), looked up again only once passed. */
    let backslash = -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (phase === 'array') {
        if (inString) {
          // Strings are most of a body's bytes: jump to their closing quote (indexOf), stopping at a backslash.
          if (escaped) {
            escaped = false;
            continue;
          }
          if (backslash < i) backslash = indexOrEnd(chunk, BACKSLASH, i);
          const quote = indexOrEnd(chunk, QUOTE, i);
          if (backslash < quote) {
            // It escapes the next byte (perhaps the next chunk's first).
            escaped = true;
            plain = false;
            i = backslash;
          } else {
            inString = quote === chunk.length;
            i = quote;
          }
          continue;
        }
        if (c === QUOTE) {
          inString = true;
          valueSeen = true;
        } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
          depth++;
          valueSeen = true;
        } else if (depth > 0 && (c === CLOSE_OBJECT || c === CLOSE_ARRAY)) depth--;
        else if (depth === 0 && (c === COMMA || c === CLOSE_ARRAY)) {
          // A record ends here, or the array does.
          if (valueSeen) inSlice++;
          else if (c === COMMA || from + inSlice > 0) {
            // `[,`, `[1,,2]`, `[1,]`; only `[]` ends with no record before it.
            throw new BadRequestException(`the body is not valid JSON: record ${from + inSlice} is missing`);
          }
          valueSeen = false;
          if (c === CLOSE_ARRAY) phase = 'end';
          if (inSlice === size || (c === CLOSE_ARRAY && inSlice > 0)) {
            keep(chunk.subarray(start, i));
            start = i + 1;
            yield slice();
          } else if (c === CLOSE_ARRAY) {
            restart();
            start = i + 1;
          } else commas.push(piecesBytes + i - start);
        } else if (!isSpace(c)) {
          if (c === CLOSE_OBJECT || c === CLOSE_ARRAY)
            throw new BadRequestException(`the body is not valid JSON: record ${from + inSlice}`);
          valueSeen = true;
        }
      } else if (phase === 'start') {
        if (isSpace(c)) continue;
        // A UTF-8 byte order mark opening the body is skipped, as the body parser's decoding skips it.
        const offset = bytes - chunk.length + i;
        if (offset < BOM.length && c === BOM[offset]) continue;
        if (c === OPEN_ARRAY) [phase, start] = ['array', i + 1];
        else if (c === OPEN_OBJECT) [phase, start] = ['object', i];
        else throw new BadRequestException(SHAPE);
      } else if (phase === 'end') {
        if (!isSpace(c)) throw new BadRequestException('the body is not valid JSON: something follows the closing ]');
      } else break; // one object: read whole below
    }
    if ((phase === 'array' || phase === 'object') && start < chunk.length) keep(chunk.subarray(start));
  }

  if (phase === 'object') {
    const text = Buffer.concat(pieces);
    let record: unknown;
    try {
      record = JSON.parse(text.toString('utf8'));
    } catch {
      throw new BadRequestException('the body is not valid JSON: record 0');
    }
    yield { records: [record], from: 0, plain: text.indexOf(BACKSLASH) < 0 && text.indexOf(DEL) < 0 };
  } else if (phase === 'array') {
    throw new BadRequestException(`the body is not valid JSON: it ends in record ${from + inSlice}, before the closing ]`);
  } else if (phase === 'start') throw new BadRequestException(SHAPE);
}

function indexOrEnd(chunk: Buffer, byte: number, from: number): number {
  const at = chunk.indexOf(byte, from);
  return at < 0 ? chunk.length : at;
}

/** Which record of a slice JSON.parse refused is malformed, counted from the slice's first (each parsed alone: the error path only). */
function badRecord(text: Buffer, commas: readonly number[]): number {
  for (let k = 0; k < commas.length; k++) {
    try {
      JSON.parse(text.subarray(k ? commas[k - 1] + 1 : 0, commas[k]).toString('utf8'));
    } catch {
      return k;
    }
  }
  return commas.length;
}
