import { BadRequestException, Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { IsUUID } from 'class-validator';
import { type Principal, canAccessLa, isLaCode } from '@app/access';
import { AppConfig } from '@app/config';
import { csvLine } from '@app/compliance';
import { Audited } from '../audit/audited.decorator';
import type { AuthedRequest } from '../auth/auth.guard';
import { CurrentPrincipal, Roles } from '../auth/roles.decorator';
import { loadProfile, profileNames } from '../imports/extracts/import-profile';
import { ImportRecordsService } from '../imports/records/import-records.service';
import { sen2CheckCsv } from '../imports/sen2/sen2-check';
import { ImportUploadsService } from '../imports/uploads/import-uploads.service';
import { receiveUpload, UploadError } from '../imports/uploads/receive-upload';
import { UPLOAD_KINDS, type UploadChoice, type UploadKind } from '../imports/uploads/upload';
import {
  importsFormView,
  importsTables,
  uploadPath,
  uploadTables,
  uploadView,
  IMPORTS_PATH,
  type ImportsFormInput,
} from './imports-page.view';
import { PAGE_ROLES } from './page-access';
import { LaQuery, TableQuery } from './page-query';
import { renderPage } from './page-render';
import { PagesRepository } from './pages.repository';
import { answer, viewOf } from './table-response';

class UploadParams {
  @IsUUID('4', { message: 'id must name an upload' })
  id!: string;
}

/** How many past imports the page lists (newest first; 50 a page). */
const RECORDS_SHOWN = 1000;

/**
 * GET /dashboard/imports: upload a file (SEN2 return, extract through a profile, CSV of events, or
 * an SEN2 check), see its preview at /dashboard/imports/uploads/:id, confirm or discard it; and
 * the LA's past imports. For team managers (and administrators).
 */
@ApiExcludeController()
@Roles(...PAGE_ROLES.imports)
@Controller('dashboard/imports')
export class ImportsPageController {
  constructor(
    private readonly repo: PagesRepository,
    private readonly records: ImportRecordsService,
    private readonly uploads: ImportUploadsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Audited('imports.read')
  async page(@Query() q: LaQuery, @Res({ passthrough: true }) res: Response, @CurrentPrincipal() who: Principal): Promise<string> {
    const input = await this.formInput(who, q.la);
    return answer(res, q, importsTables(input), `imports-${input.la}`, () => renderPage('imports', importsFormView(input, viewOf(q))));
  }

  /** The form (multipart/form-data): the file is streamed to disk, then checked after the answer. */
  @Post()
  async upload(@Req() req: AuthedRequest, @Res() res: Response, @CurrentPrincipal() who: Principal): Promise<void> {
    let received;
    try {
      received = await receiveUpload(req, this.uploads.dir, this.config.importMaxMegabytes * 1024 * 1024);
    } catch (e) {
      if (!(e instanceof UploadError)) throw e;
      return this.formWithErrors(res, who, undefined, {}, [{ field: e.field, text: upperFirst(e.message) }]);
    }
    const { fields, file } = received;
    const la = fields.la;
    if (!isLaCode(la) || !canAccessLa(who, la)) {
      if (file) await this.uploads.drop(file);
      throw new BadRequestException('la must be an LA you hold');
    }
    const errors = choiceErrors(fields);
    if (!file) errors.push({ field: 'file', text: 'Select a file to upload' });
    if (errors.length || !file) {
      if (file) await this.uploads.drop(file);
      return this.formWithErrors(res, who, la, fields, errors);
    }
    const choice: UploadChoice = {
      la,
      kind: fields.kind as UploadKind,
      profile: fields.kind === 'extract' ? fields.profile : undefined,
      year: fields.kind === 'sen2-check' && fields.year ? Number(fields.year) : undefined,
    };
    const upload = this.uploads.start(who, choice, file);
    res.redirect(303, uploadPath(upload.id));
  }

  @Get('uploads/:id')
  async uploadPage(
    @Param() p: UploadParams,
    @Query() q: TableQuery,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() who: Principal,
  ): Promise<string> {
    const u = this.own(who, p.id);
    const laName = await this.repo.laName(u.la);
    res.setHeader('cache-control', 'no-store');
    return answer(res, q, uploadTables(u), `upload-${u.la}`, () => renderPage('import-upload', uploadView(u, laName, viewOf(q))));
  }

  /** The SEN2 check whole, as the API's CSV (figures, differences and problems). */
  @Get('uploads/:id/check.csv')
  checkCsv(@Param() p: UploadParams, @Res({ passthrough: true }) res: Response, @CurrentPrincipal() who: Principal): string {
    const u = this.own(who, p.id);
    if (!u.check) throw new NotFoundException('this upload is not a finished SEN2 check');
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="sen2-check-${u.check.la}-${u.check.year}.csv"`);
    return sen2CheckCsv(u.check, csvLine);
  }

  @Post('uploads/:id/confirm')
  confirm(@Param() p: UploadParams, @Res() res: Response, @CurrentPrincipal() who: Principal): void {
    this.own(who, p.id);
    // A second click (or a refresh) after the import started just shows where it is.
    this.uploads.confirm(who, p.id);
    res.redirect(303, uploadPath(p.id));
  }

  @Post('uploads/:id/discard')
  async discard(@Param() p: UploadParams, @Res() res: Response, @CurrentPrincipal() who: Principal): Promise<void> {
    const u = this.own(who, p.id);
    await this.uploads.discard(who, p.id);
    res.redirect(303, `${IMPORTS_PATH}?la=${u.la}`);
  }

  private own(who: Principal, id: string) {
    const u = this.uploads.get(who, id);
    if (!u) throw new NotFoundException('no such upload: uploads are kept for an hour, and only the person who sent one sees it');
    return u;
  }

  private async formInput(who: Principal, asked?: string): Promise<ImportsFormInput> {
    const las = await this.repo.lasHeld(who.las);
    const la = asked ?? (who.las === '*' ? (await this.repo.lasWithCases())[0]?.la : who.las[0]) ?? las[0]?.la;
    if (!la) throw new NotFoundException('you hold no local authority to import into');
    return {
      la,
      laName: las.find((l) => l.la === la)?.name ?? (await this.repo.laName(la)),
      las,
      profiles: profileNames().map((name) => {
        try {
          return { name, description: loadProfile(name).description };
        } catch {
          return { name, description: 'this profile has an error: importing with it says which' };
        }
      }),
      records: await this.records.list(la, RECORDS_SHOWN),
      maxMegabytes: this.config.importMaxMegabytes,
    };
  }

  private async formWithErrors(
    res: Response,
    who: Principal,
    la: string | undefined,
    sent: ImportsFormInput['sent'],
    errors: { field: string; text: string }[],
  ): Promise<void> {
    const input = { ...(await this.formInput(who, la)), sent, errors };
    res
      .status(400)
      .type('html')
      .send(renderPage('imports', importsFormView(input, {})));
  }
}

const upperFirst = (s: string) => `${s[0].toUpperCase()}${s.slice(1)}`;

/** The form's choices, checked as a DTO would be, each problem naming its field in words. */
function choiceErrors(f: Record<string, string>): { field: string; text: string }[] {
  const errors: { field: string; text: string }[] = [];
  if (!(UPLOAD_KINDS as readonly string[]).includes(f.kind)) errors.push({ field: 'kind', text: 'Select what the file is' });
  if (f.kind === 'extract' && !profileNames().includes(f.profile ?? ''))
    errors.push({ field: 'profile', text: 'Select the mapping profile the extract follows' });
  if (f.kind === 'sen2-check' && f.year && !/^20\d{2}$/.test(f.year))
    errors.push({ field: 'year', text: 'Enter the year as four digits, such as 2025' });
  return errors;
}
