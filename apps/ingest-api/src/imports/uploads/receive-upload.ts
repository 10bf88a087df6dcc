// A file sent from the Import data page's form (multipart/form-data), streamed to disk as it
// arrives: memory stays flat at any size, and a file past the limit is refused, not half-kept.
import busboy from 'busboy';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Request } from 'express';

export interface ReceivedFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  /** Absent when the form carried no file (or an empty one). */
  file?: ReceivedFile;
}

/** An upload that cannot be taken, in words for the form's error summary. */
export class UploadError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const MAX_FIELDS = 20;
const MAX_FIELD_BYTES = 200;

/** Reads the form: its short fields, and its one file written to `dir` under a random name. */
export function receiveUpload(req: Request, dir: string, maxBytes: number): Promise<ReceivedUpload> {
  if (!req.is('multipart/form-data')) return Promise.reject(new UploadError('file', 'send the form as multipart/form-data'));
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: ReceivedFile | undefined;
    let failed: UploadError | undefined;
    let writing: Promise<void> = Promise.resolve();
    const parser = busboy({
      headers: req.headers,
      limits: { files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, fileSize: maxBytes },
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) failed ??= new UploadError(name, `${name} is longer than a form field may be`);
      else fields[name] = value;
    });
    parser.on('file', (_name, stream) => {
      const path = join(dir, `${randomUUID()}.upload`);
      const hash = createHash('sha256');
      let bytes = 0;
      const out = createWriteStream(path);
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        hash.update(chunk);
      });
      stream.on('limit', () => {
        failed ??= new UploadError('file', `the file is larger than the ${maxBytes / 1024 / 1024} MB an import takes (IMPORT_MAX_MB)`);
      });
      writing = new Promise<void>((done, fail) => {
        out.on('finish', done);
        out.on('error', fail);
      }).then(() => {
        if (bytes > 0) file = { path, bytes, sha256: hash.digest('hex') };
        else return rm(path, { force: true });
      });
      stream.pipe(out);
    });
    parser.on('filesLimit', () => (failed ??= new UploadError('file', 'send one file at a time')));
    parser.on('fieldsLimit', () => (failed ??= new UploadError('file', 'the form has more fields than it should')));
    parser.on('error', (e: Error) => reject(new UploadError('file', `the upload could not be read: ${e.message}`)));
    parser.on('close', () => {
      writing.then(
        async () => {
          if (!failed) return resolve({ fields, file });
          if (file) await rm(file.path, { force: true });
          reject(failed);
        },
        (e: Error) => reject(e),
      );
    });
    req.pipe(parser);
  });
}
