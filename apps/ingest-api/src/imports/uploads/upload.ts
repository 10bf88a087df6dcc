// A file uploaded on the Import data page, from its check to its import.
import type { RecordError } from '@app/database';
import type { Sen2CheckReport } from '../sen2/sen2-check';
import type { ImportResult } from '../staged-file-import';
import type { ReceivedFile } from './receive-upload';

/** What the person asked for: import an SEN2 return, an extract through a profile, a CSV of events, or check an SEN2 return. */
export type UploadKind = 'sen2' | 'extract' | 'events' | 'sen2-check';

export const UPLOAD_KINDS: readonly UploadKind[] = ['sen2', 'extract', 'events', 'sen2-check'];

/** checking (dry run) -> checked (preview shown) -> importing -> imported; refused at any point with the reasons. */
export type UploadStep = 'checking' | 'checked' | 'importing' | 'imported' | 'refused';

export interface UploadChoice {
  la: string;
  kind: UploadKind;
  /** The mapping profile, for an extract. */
  profile?: string;
  /** The calendar year an SEN2 check reports on. */
  year?: number;
}

export interface Upload extends UploadChoice {
  id: string;
  /** Who uploaded it ("user:42"): only they see it. */
  ownerId: string;
  file: ReceivedFile;
  createdAt: number;
  step: UploadStep;
  progress: { records: number; bytes: number };
  /** The dry run's answer: what the import will do. */
  preview?: ImportResult;
  result?: ImportResult;
  check?: Sen2CheckReport;
  problems?: { count: number; records: number; errors: RecordError[] };
  /** A refusal that is not about records (a profile, the secret, the LA), in words. */
  message?: string;
}
