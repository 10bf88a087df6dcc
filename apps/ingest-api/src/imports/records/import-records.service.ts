import { Injectable, Logger } from '@nestjs/common';
import { currentPrincipal } from '@app/access';
import { cliActor } from '../../audit/cli-actor';
import type { ImportRecord, ImportRecordInput } from './import-record';
import { ImportRecordsRepository } from './import-records.repository';

export type ImportActor = ImportRecordInput['actor'];

/** The record of every import (who, when, the file's hash and counts), one row per LA the file names. */
@Injectable()
export class ImportRecordsService {
  private readonly log = new Logger('ImportRecords');

  constructor(private readonly repo: ImportRecordsRepository) {}

  /** The signed-in principal, else the command line (nobody signs in there). */
  actor(): ImportActor {
    const p = currentPrincipal();
    return p ? { kind: p.kind, id: p.id, label: p.label } : { kind: 'system', id: null, label: cliActor() };
  }

  /**
   * Records a file's import. The import has already been committed or refused: a failure to
   * record it must not turn that answer into an error, so it is logged (counts only) instead.
   */
  async record(rows: ImportRecordInput[]): Promise<void> {
    try {
      await this.repo.append(rows);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      this.log.error(`could not record an import of ${rows.length} LA(s): ${typeof code === 'string' ? code : 'error'}`);
    }
  }

  list(la: string, limit: number, offset = 0): Promise<ImportRecord[]> {
    return this.repo.list(la, limit, offset);
  }

  count(la: string): Promise<number> {
    return this.repo.count(la);
  }
}
