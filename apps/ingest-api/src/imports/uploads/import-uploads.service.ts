import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { type Principal, runAsPrincipal } from '@app/access';
import { AppConfig } from '@app/config';
import { AuditService } from '../../audit/audit.service';
import { IngestRejectedError } from '../../events/ingest-error';
import { CsvImportService } from '../csv-import.service';
import { ExtractImportService } from '../extracts/extract-import.service';
import { ProfileError, UnknownProfileError } from '../extracts/import-profile';
import { MissingSecretError } from '../sen2/child-ref';
import type { Sen2CheckReport } from '../sen2/sen2-check';
import { Sen2CheckService } from '../sen2/sen2-check.service';
import { Sen2ImportService } from '../sen2/sen2-import.service';
import { FileTooLargeError, type FileImportOptions, type ImportResult } from '../staged-file-import';
import type { ReceivedFile } from './receive-upload';
import type { Upload, UploadChoice } from './upload';

/** How long an upload waits for its confirmation before its file is deleted. */
export const UPLOAD_TTL_MS = 60 * 60 * 1000;

/**
 * Files uploaded on the Import data page, held on this process's disk while they are checked (a
 * dry run), shown, and imported when the person confirms: the preview and the import read the
 * same bytes. The work runs after the answer, as the person who uploaded (their LAs, their row
 * security); the page follows its progress. Held in memory: with several API processes, a load
 * balancer must send a person back to the same one (or share IMPORT_UPLOAD_DIR and this state).
 */
@Injectable()
export class ImportUploadsService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('ImportUploads');
  private readonly uploads = new Map<string, Upload>();
  private sweeper?: NodeJS.Timeout;
  readonly dir: string;

  constructor(
    private readonly csv: CsvImportService,
    private readonly sen2: Sen2ImportService,
    private readonly extracts: ExtractImportService,
    private readonly checks: Sen2CheckService,
    private readonly audit: AuditService,
    config: AppConfig,
  ) {
    this.dir = config.importUploadDir || join(tmpdir(), 'send-monitor-uploads');
  }

  async onModuleInit(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    this.sweeper = setInterval(() => void this.sweep(), 5 * 60 * 1000).unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.uploads.values()].map((u) => this.forget(u)));
  }

  /** Takes a received file and starts its check (a dry run, or the SEN2 pre-submission check). */
  start(who: Principal, choice: UploadChoice, file: ReceivedFile): Upload {
    const upload: Upload = {
      id: randomUUID(),
      ownerId: `${who.kind}:${who.id}`,
      ...choice,
      file,
      createdAt: Date.now(),
      step: 'checking',
      progress: { records: 0, bytes: 0 },
    };
    this.uploads.set(upload.id, upload);
    void runAsPrincipal(who, () => this.run(upload, who, true));
    return upload;
  }

  /** Deletes a received file that will not be checked (the form had a problem). */
  drop(file: ReceivedFile): Promise<void> {
    return rm(file.path, { force: true });
  }

  /** The person's own upload (nobody else's: the preview describes their file). */
  get(who: Principal, id: string): Upload | undefined {
    const u = this.uploads.get(id);
    return u && u.ownerId === `${who.kind}:${who.id}` ? u : undefined;
  }

  /** Imports a checked file for real. False when it is not waiting for a confirmation. */
  confirm(who: Principal, id: string): boolean {
    const u = this.get(who, id);
    if (!u || u.step !== 'checked' || u.kind === 'sen2-check') return false;
    u.step = 'importing';
    u.progress = { records: 0, bytes: 0 };
    void runAsPrincipal(who, () => this.run(u, who, false));
    return true;
  }

  async discard(who: Principal, id: string): Promise<boolean> {
    const u = this.get(who, id);
    if (!u || u.step === 'checking' || u.step === 'importing') return false;
    await this.forget(u);
    return true;
  }

  private async run(u: Upload, who: Principal, dryRun: boolean): Promise<void> {
    const input = createReadStream(u.file.path);
    const options: FileImportOptions = {
      dryRun,
      onProgress: (p) => (u.progress = { records: p.rows, bytes: p.bytes }),
    };
    try {
      if (u.kind === 'sen2-check') {
        u.check = (await this.checks.check(input, u.year)) satisfies Sen2CheckReport;
        u.step = 'checked';
        return;
      }
      const result: ImportResult =
        u.kind === 'sen2'
          ? await this.sen2.importSen2(input, options)
          : u.kind === 'extract'
            ? await this.extracts.importExtract(u.profile ?? '', input, options)
            : await this.csv.importCsv(input, options);
      const others = Object.keys(result.byLa).filter((la) => la !== u.la);
      if (dryRun && others.length) {
        u.step = 'refused';
        u.message = `The file holds records of LA ${others.join(', ')}, and this import is for LA ${u.la}. Nothing was kept.`;
        return;
      }
      if (dryRun) {
        u.preview = result;
        u.step = 'checked';
        return;
      }
      u.result = result;
      u.step = 'imported';
      await this.audit.record({
        principal: who,
        action: 'events.import',
        la: u.la,
        detail: {
          kind: u.kind,
          profile: u.profile ?? null,
          via: 'page',
          rows: result.rows,
          inserted: result.inserted,
          duplicates: result.duplicates,
          retracted: result.retracted,
          fileSha256: result.fileSha256,
        },
      });
      await rm(u.file.path, { force: true });
    } catch (e) {
      u.step = 'refused';
      if (e instanceof IngestRejectedError) {
        u.problems = { count: e.errorCount, records: e.records, errors: e.errors };
      } else if (
        e instanceof UnknownProfileError ||
        e instanceof ProfileError ||
        e instanceof MissingSecretError ||
        e instanceof FileTooLargeError
      ) {
        u.message = `${e.message[0].toUpperCase()}${e.message.slice(1)}.`;
      } else {
        const code = (e as { code?: unknown }).code;
        this.log.error(`an upload's ${dryRun ? 'check' : 'import'} failed: ${typeof code === 'string' ? code : (e as Error).name}`);
        u.message =
          'The import stopped because of a fault on our side. Nothing was kept. ' +
          'Try again, and tell your administrator if it happens again.';
      }
      if (!dryRun)
        await this.audit.recordRefusal({
          principal: who,
          action: 'events.import',
          la: u.la,
          status: 422,
          detail: { kind: u.kind, via: 'page', refused: true },
        });
    } finally {
      input.destroy();
    }
  }

  private async forget(u: Upload): Promise<void> {
    this.uploads.delete(u.id);
    await rm(u.file.path, { force: true });
  }

  /** Uploads nobody confirmed within the hour: their files are deleted. */
  private async sweep(): Promise<void> {
    const cutoff = Date.now() - UPLOAD_TTL_MS;
    for (const u of this.uploads.values()) {
      if (u.createdAt < cutoff && u.step !== 'checking' && u.step !== 'importing') await this.forget(u);
    }
  }
}
