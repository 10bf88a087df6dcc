// The Import data page (views/imports.njk: the upload form and past imports) and an upload's own
// page (views/import-upload.njk: its check's progress, the preview to confirm, the problems, the
// result, or an SEN2 pre-submission check).
import { pathwayName } from '@app/compliance';
import type { RecordError } from '@app/database';
import type { Sen2CheckReport } from '../imports/sen2/sen2-check';
import type { ImportRecord } from '../imports/records/import-record';
import { IMPORT_KIND_NAMES } from '../imports/records/import-record';
import type { ImportResult } from '../imports/staged-file-import';
import type { Upload, UploadKind } from '../imports/uploads/upload';
import { formatInstant, formatPercent, plural } from './format';
import { tableModel, type TableModel, type TableSpec, type TableView } from './html-table';
import { DASHBOARD } from './page-access';
import { laCaption, type PageModel } from './page-render';

export const IMPORTS_PATH = `${DASHBOARD}/imports`;
export const uploadPath = (id: string): string => `${IMPORTS_PATH}/uploads/${id}`;

/** The choices of the form, in words. */
const KIND_CHOICES: { value: UploadKind; text: string; hint: string }[] = [
  {
    value: 'sen2',
    text: 'Import an SEN2 return',
    hint: 'The XML file sent to the DfE each January, or last year’s from COLLECT.',
  },
  {
    value: 'extract',
    text: 'Import an extract through a mapping profile',
    hint: 'A CSV from your case management system or an NHS trust, one row per request, plan or referral.',
  },
  { value: 'events', text: 'Import a CSV of events', hint: 'One row per event, in the monitor’s own columns.' },
  {
    value: 'sen2-check',
    text: 'Check an SEN2 return before submitting it',
    hint: 'The DfE figures the file will give, beside the monitor’s, and what COLLECT would query. Nothing is imported.',
  },
];

export const uploadKindName = (kind: UploadKind): string => (kind === 'sen2-check' ? 'SEN2 check' : IMPORT_KIND_NAMES[kind]);

export interface ImportsFormInput {
  la: string;
  laName: string | null;
  /** The LAs the person may import into (one for most). */
  las: { la: string; name: string }[];
  profiles: { name: string; description: string }[];
  records: ImportRecord[];
  maxMegabytes: number;
  /** The form as sent, when it had a problem. */
  sent?: { kind?: string; profile?: string; year?: string };
  errors?: { field: string; text: string }[];
}

export function importsTables(i: ImportsFormInput): TableSpec<unknown>[] {
  const records: TableSpec<ImportRecord> = {
    id: 'imports',
    caption: 'Past imports',
    note: 'Every file imported or refused for this LA, newest first, by anyone: the page, the API or the command line.',
    empty: 'No file has been imported for this LA yet.',
    columns: [
      { key: 'at', label: 'When', type: 'date', value: (r) => r.at, text: (r) => formatInstant(r.at) },
      {
        key: 'kind',
        label: 'File',
        value: (r) => r.kind,
        text: (r) => (r.profile ? `${IMPORT_KIND_NAMES[r.kind]} (${r.profile})` : IMPORT_KIND_NAMES[r.kind]),
      },
      {
        key: 'outcome',
        label: 'Outcome',
        value: (r) => r.outcome,
        text: (r) => (r.outcome === 'imported' ? 'Imported' : 'Refused'),
        cell: (r) =>
          r.outcome === 'imported'
            ? { text: 'Imported', tag: 'green' }
            : { text: 'Refused', tag: 'red', hint: `${plural(r.problems, 'problem')}; nothing kept` },
      },
      { key: 'by', label: 'By', value: (r) => r.actorLabel ?? '', rowHeader: false },
      { key: 'records', label: 'Records', type: 'number', value: (r) => r.records },
      { key: 'inserted', label: 'New events', type: 'number', value: (r) => r.inserted },
      { key: 'newCases', label: 'New cases', type: 'number', value: (r) => r.newCases },
      { key: 'retracted', label: 'Corrected', type: 'number', value: (r) => r.retracted },
      {
        key: 'fileSha256',
        label: 'File SHA-256',
        value: (r) => r.fileSha256 ?? '',
        cell: (r) => ({ text: r.fileSha256 ? `${r.fileSha256.slice(0, 12)}…` : 'None', mono: true }),
      },
    ],
    rows: i.records,
  };
  return [records];
}

export interface ImportsFormView extends PageModel {
  lead: string;
  action: string;
  errorSummary?: object;
  laChoice?: object;
  laHidden?: string;
  kindRadios: object;
  profileSelect: object;
  yearInput: object;
  fileUpload: object;
  records: TableModel;
}

const errorFor = (i: ImportsFormInput, field: string) => {
  const e = i.errors?.find((x) => x.field === field);
  return e ? { text: e.text } : undefined;
};

export function importsFormView(i: ImportsFormInput, view: TableView): ImportsFormView {
  const [records] = importsTables(i);
  return {
    pageTitle: 'Import data',
    caption: laCaption(i.la, i.laName),
    la: i.la,
    lead:
      'Choose a file and what it is. The monitor checks it first and shows what it will change; nothing is kept until ' +
      'you confirm. Importing the same file again changes nothing, so a nightly extract can be sent whole each time.',
    action: IMPORTS_PATH,
    errorSummary: i.errors?.length
      ? { titleText: 'There is a problem', errorList: i.errors.map((e) => ({ text: e.text, href: `#${e.field}` })) }
      : undefined,
    laChoice:
      i.las.length > 1
        ? {
            id: 'la',
            name: 'la',
            label: { text: 'Local authority' },
            items: i.las.map((l) => ({ value: l.la, text: `${l.la} ${l.name}`, selected: l.la === i.la })),
          }
        : undefined,
    laHidden: i.las.length > 1 ? undefined : i.la,
    kindRadios: {
      idPrefix: 'kind',
      name: 'kind',
      fieldset: { legend: { text: 'What is the file?', classes: 'govuk-fieldset__legend--m' } },
      errorMessage: errorFor(i, 'kind'),
      items: KIND_CHOICES.map((k) => ({
        value: k.value,
        text: k.text,
        hint: { text: k.hint },
        checked: (i.sent?.kind ?? 'sen2') === k.value,
      })),
    },
    profileSelect: {
      id: 'profile',
      name: 'profile',
      label: { text: 'Mapping profile (for an extract)' },
      hint: { text: 'Which columns hold which dates. A profile for your own system is a file in config/import-profiles.' },
      errorMessage: errorFor(i, 'profile'),
      items: i.profiles.map((p) => ({ value: p.name, text: `${p.name}: ${p.description}`, selected: p.name === i.sent?.profile })),
    },
    yearInput: {
      id: 'year',
      name: 'year',
      label: { text: 'Year to check (for an SEN2 check)' },
      hint: { text: 'The calendar year of the figures, such as 2025. Leave blank for the year before the collection.' },
      classes: 'govuk-input--width-4',
      inputmode: 'numeric',
      value: i.sent?.year,
      errorMessage: errorFor(i, 'year'),
    },
    fileUpload: {
      id: 'file',
      name: 'file',
      label: { text: 'File', classes: 'govuk-label--m' },
      hint: { text: `An XML or CSV file of up to ${i.maxMegabytes} MB.` },
      errorMessage: errorFor(i, 'file'),
    },
    records: tableModel(records, { path: IMPORTS_PATH, query: { la: i.la } }, view),
  };
}

/** A file's records in words: "1,204 EHC needs assessment events, 310 annual review events". */
function byPathwayRows(byLa: ImportResult['byLa'], la: string): { key: { text: string }; value: { text: string } }[] {
  return Object.entries(byLa[la] ?? {}).map(([pathway, n]) => ({
    key: { text: pathwayName(pathway) },
    value: { text: `${n.toLocaleString('en-GB')} events` },
  }));
}

const count = (n: number) => n.toLocaleString('en-GB');

/** "840 KB", "12.5 MB": a file's size as people write it. */
export const fileSize = (bytes: number): string =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function resultRows(r: ImportResult, la: string, dryRun: boolean) {
  const will = (now: string, then: string) => (dryRun ? then : now);
  return [
    { key: { text: 'Records read' }, value: { text: count(r.rows) } },
    ...byPathwayRows(r.byLa, la),
    { key: { text: will('New events', 'New events to add') }, value: { text: count(r.inserted) } },
    { key: { text: 'Already held (no change)' }, value: { text: count(r.duplicates) } },
    { key: { text: will('New cases', 'New cases to add') }, value: { text: count(r.newCases) } },
    { key: { text: will('Cases changed', 'Cases it touches that are held already') }, value: { text: count(r.cases - r.newCases) } },
    {
      key: { text: will('Earlier dates corrected (retracted)', 'Earlier dates to correct (retract)') },
      value: { text: count(r.retracted) },
    },
  ];
}

export function uploadTables(u: Upload): TableSpec<unknown>[] {
  const problems: TableSpec<RecordError> = {
    id: 'problems',
    caption: 'Problems to fix in the file',
    note:
      u.problems && u.problems.count > u.problems.errors.length
        ? `The first ${u.problems.errors.length} of ${count(u.problems.count)}.`
        : undefined,
    empty: 'No problems.',
    columns: [
      {
        key: 'record',
        label: 'Where',
        value: (e) => e.record ?? (e.index >= 0 ? `record ${e.index + 1}` : 'the file'),
      },
      { key: 'line', label: 'Line', type: 'number', value: (e) => e.line ?? null, text: (e) => (e.line ? String(e.line) : '') },
      { key: 'field', label: 'Field', value: (e) => e.field },
      { key: 'reason', label: 'Problem', value: (e) => e.reason },
    ],
    rows: u.problems?.errors ?? [],
  };
  const tables: TableSpec<unknown>[] = [problems];
  if (u.check) {
    type Diff = Sen2CheckReport['differences'][number];
    type Finding = Sen2CheckReport['problems'][number];
    const differences: TableSpec<Diff> = {
      id: 'differences',
      caption: 'Where the file and the monitor differ',
      empty: 'The file and the monitor agree on every case.',
      columns: [
        { key: 'file', label: 'In the file', value: (d) => d.file ?? 'Not in the file' },
        {
          key: 'caseRef',
          label: 'In the monitor',
          value: (d) => d.caseRef ?? 'Not in the monitor',
          cell: (d) => ({ text: d.caseRef ?? 'Not in the monitor', mono: !!d.caseRef }),
        },
        { key: 'why', label: 'Why', value: (d) => d.why },
      ],
      rows: u.check.differences,
    };
    const findings: TableSpec<Finding> = {
      id: 'findings',
      caption: 'Records COLLECT would query',
      empty: 'No record-level problems.',
      columns: [
        { key: 'record', label: 'Where', value: (f) => f.record },
        { key: 'line', label: 'Line', type: 'number', value: (f) => f.line },
        { key: 'field', label: 'Field', value: (f) => f.field },
        { key: 'reason', label: 'Problem', value: (f) => f.reason },
      ],
      rows: u.check.problems,
    };
    tables.push(differences, findings);
  }
  return tables;
}

export interface UploadView extends PageModel {
  /** Refresh the page every few seconds while work runs (no script needed). */
  refreshSeconds?: number;
  step: Upload['step'];
  about: object;
  progress?: { percent: number; text: string };
  summary?: object;
  confirmAction?: string;
  discardAction?: string;
  backHref: string;
  message?: string;
  problems?: TableModel;
  check?: { figures: object; differences: TableModel; findings: TableModel; csvHref: string };
  panel?: object;
}

const TITLES: Record<Upload['step'], string> = {
  checking: 'Checking the file',
  checked: 'Check what the import will do',
  importing: 'Importing the file',
  imported: 'File imported',
  refused: 'The file was not imported',
};

function figuresRows(r: Sen2CheckReport) {
  const pct = (f: { count: number; of: number; percent: number | null }) =>
    `${formatPercent(f.percent)} (${count(f.count)} of ${count(f.of)})`;
  return {
    caption: `DfE figures for ${r.year}`,
    captionClasses: 'govuk-table__caption--m',
    firstCellIsHeader: true,
    head: [{ text: 'Measure' }, { text: 'From the file' }, { text: 'From the monitor' }],
    rows: [
      [{ text: 'Final plans issued' }, { text: count(r.file.plansIssued) }, { text: count(r.monitor.plansIssued) }],
      [
        { text: 'Within 20 weeks, including exceptions' },
        { text: pct(r.file.within20WeeksIncluding) },
        { text: pct(r.monitor.within20WeeksIncluding) },
      ],
      [
        { text: 'Within 20 weeks, excluding exceptions' },
        { text: pct(r.file.within20WeeksExcluding) },
        { text: pct(r.monitor.within20WeeksExcluding) },
      ],
      [
        { text: 'Decisions to assess within 6 weeks' },
        { text: pct(r.file.decisionsWithin6Weeks) },
        { text: pct(r.monitor.decisionsWithin6Weeks) },
      ],
    ],
  };
}

export function uploadView(u: Upload, laName: string | null, view: TableView): UploadView {
  const place = { path: uploadPath(u.id), query: {} };
  const [problems, differences, findings] = uploadTables(u);
  const working = u.step === 'checking' || u.step === 'importing';
  const percent = u.file.bytes ? Math.min(100, Math.round((100 * u.progress.bytes) / u.file.bytes)) : 0;
  const title = u.kind === 'sen2-check' && u.step === 'checked' ? 'SEN2 return checked' : TITLES[u.step];
  const about = {
    rows: [
      { key: { text: 'File' }, value: { text: u.profile ? `${uploadKindName(u.kind)} (profile ${u.profile})` : uploadKindName(u.kind) } },
      { key: { text: 'Size' }, value: { text: fileSize(u.file.bytes) } },
      { key: { text: 'SHA-256' }, value: { text: u.file.sha256, classes: 'app-mono app-break' } },
    ],
  };
  const out: UploadView = {
    pageTitle: title,
    caption: laCaption(u.la, laName),
    la: u.la,
    step: u.step,
    about,
    backHref: `${IMPORTS_PATH}?la=${u.la}`,
    message: u.message,
  };
  if (working) {
    out.refreshSeconds = 2;
    out.progress = {
      percent,
      text: `${percent}% read: ${count(u.progress.records)} records so far. This page refreshes itself.`,
    };
  }
  if (u.problems) out.problems = tableModel(problems, place, view);
  if (u.step === 'checked' && u.preview) {
    out.summary = { rows: resultRows(u.preview, u.la, true) };
    out.confirmAction = `${uploadPath(u.id)}/confirm`;
    out.discardAction = `${uploadPath(u.id)}/discard`;
  }
  if (u.step === 'imported' && u.result) {
    out.summary = { rows: resultRows(u.result, u.la, false) };
    out.panel = { titleText: 'Imported', text: `${count(u.result.inserted)} new events; the figures update within a minute.` };
  }
  if (u.check) {
    out.check = {
      figures: figuresRows(u.check),
      differences: tableModel(differences, place, view),
      findings: tableModel(findings, place, view),
      csvHref: `${uploadPath(u.id)}/check.csv`,
    };
    out.discardAction = `${uploadPath(u.id)}/discard`;
  }
  if (u.step === 'refused' || u.step === 'imported') out.discardAction = undefined;
  return out;
}
