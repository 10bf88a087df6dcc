// A streaming reader of records in an XML file: saxes parses the text as it arrives, and each
// element named as a record (e.g. Person) is built into a small tree and handed on when it
// closes, so memory holds one record, never the file. Everything outside a record is ignored
// except what the caller names as a record too (e.g. Header).
import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';

/** An element: its text (trimmed) and its child elements by name, in order. */
export interface XmlElement {
  name: string;
  text: string;
  children: XmlElement[];
  /** The line of the file where the element opens (1-based), for errors. */
  line: number;
}

export interface XmlRecord {
  element: XmlElement;
  /** 1-based position among the records of the same name (person number 1, 2, ...). */
  position: number;
}

export class XmlSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    detail: string,
  ) {
    super(`the file is not well-formed XML at line ${line}, column ${column}: ${detail}`);
  }
}

/** The first child of that name, if any. */
export const child = (e: XmlElement, name: string): XmlElement | undefined => e.children.find((c) => c.name === name);
/** Every child of that name. */
export const childrenNamed = (e: XmlElement, name: string): XmlElement[] => e.children.filter((c) => c.name === name);
/** A child's text, or undefined when absent or empty. */
export const textOf = (e: XmlElement, name: string): string | undefined => {
  const t = child(e, name)?.text;
  return t === undefined || t === '' ? undefined : t;
};

/**
 * A Transform from the file's bytes (UTF-8) to XmlRecords of the elements named in `records`.
 * A record nested in another record is part of the outer one.
 */
export function xmlRecords(records: readonly string[]): Transform {
  const decoder = new StringDecoder('utf8');
  const parser = new SaxesParser({ position: true });
  const stack: XmlElement[] = [];
  const counts = new Map<string, number>();
  const ready: XmlRecord[] = [];
  let failure: Error | undefined;

  parser.on('error', (e) => {
    failure ??= new XmlSyntaxError(parser.line, parser.column, e.message.replace(/^.*?:\d+:\d+: /, ''));
  });
  parser.on('opentag', (tag) => {
    if (stack.length || records.includes(tag.name)) {
      const element: XmlElement = { name: tag.name, text: '', children: [], line: parser.line };
      stack[stack.length - 1]?.children.push(element);
      stack.push(element);
    }
  });
  const onText = (t: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const element = stack.pop();
    if (!element) return;
    element.text = element.text.trim();
    if (stack.length === 0) {
      const position = (counts.get(element.name) ?? 0) + 1;
      counts.set(element.name, position);
      ready.push({ element, position });
    }
  });

  const drain = (out: Transform, done: TransformCallback) => {
    if (failure) return done(failure);
    for (const r of ready.splice(0)) out.push(r);
    done();
  };

  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done) {
      try {
        parser.write(decoder.write(chunk));
      } catch (e) {
        failure ??= e as Error;
      }
      drain(this, done);
    },
    flush(done) {
      try {
        parser.write(decoder.end());
        parser.close();
      } catch (e) {
        failure ??= e as Error;
      }
      drain(this, done);
    },
  });
}
