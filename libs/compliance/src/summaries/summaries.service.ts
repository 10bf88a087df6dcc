import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { AppConfig, RULES_TABLE } from '@app/config';
import { addDays, type RulesTable } from '@app/rules';
import { MailerService } from '../mail/mailer.service';
import { MilestonesService } from '../milestones/milestones.service';
import { SnapshotsService } from '../snapshots/snapshots.service';
import { StaffRepository } from '../staff/staff.repository';
import { ForecastsService } from '../forecasts/forecasts.service';
import { TargetsService } from '../targets/targets.service';
import { weekBeginning } from './board';
import { englandTwentyWeeks } from './england-figures';
import { mondayOf, parseIsoWeek, previousWeek } from './iso-week';
import { renderCsv } from './render-csv';
import { renderHtml } from './render-html';
import { renderText } from './render-text';
import { SummariesRepository, type WeeklySummary } from './summaries.repository';
import { targetLines } from './target-lines';
import { buildWeeklyFigures, type SummaryForecast, type WeeklyFigures } from './weekly-figures';

export class InvalidWeekError extends Error {
  constructor(readonly week: string) {
    super(`week must be an ISO week like 2026-W47, not ${JSON.stringify(week)}`);
  }
}

export interface WeeklyRunResult {
  /** False when the summary had already been emailed and so was left as sent. */
  stored: boolean;
  /** Leaders mailed by this run (0 when already emailed, or the LA has no leader). */
  emailedTo: number;
}

/** The Monday summary for leaders: built from snapshots, breaches and targets; stored; mailed once. */
@Injectable()
export class SummariesService {
  private readonly logger = new Logger(SummariesService.name);

  constructor(
    private readonly repo: SummariesRepository,
    private readonly snapshots: SnapshotsService,
    private readonly milestones: MilestonesService,
    private readonly staff: StaffRepository,
    private readonly mailer: MailerService,
    private readonly config: AppConfig,
    @Inject(RULES_TABLE) private readonly rules: RulesTable,
    // Optional so the summary still goes out (without RAG) where targets are not wired in.
    @Optional() private readonly targets?: TargetsService,
    // Optional likewise: without forecasts the summary goes out without where the year is heading.
    @Optional() private readonly forecasts?: ForecastsService,
  ) {}

  async runWeekly(la: string, week: string): Promise<WeeklyRunResult> {
    const weekStart = mondayOrThrow(week);
    const existing = await this.repo.get(la, week);
    if (existing?.emailedAt) return { stored: false, emailedTo: 0 };
    const figures = await this.build(la, week, weekStart);
    const stored = await this.repo.upsertUnlessEmailed({
      la,
      week,
      weekStart,
      figures,
      html: renderHtml(figures, this.rules),
      csv: renderCsv(figures),
    });
    const emailedTo = await this.repo.emailOnce(la, week, (s) => this.mail(s));
    return { stored, emailedTo };
  }

  async get(la: string, week: string): Promise<WeeklySummary | null> {
    mondayOrThrow(week);
    return this.repo.get(la, week);
  }

  /** This week's figures as of its Monday, last week's as of the Monday before. */
  async build(la: string, week: string, weekStart: string): Promise<WeeklyFigures> {
    const lastWeekStart = addDays(weekStart, -7);
    // The same Monday a year earlier, for the headline's "a year earlier" over the same 12 months' span.
    const yearAgoStart = addDays(weekStart, -364);
    const [thisWeek, lastWeek, yearAgo, breaches, overdueCases, previous, targets] = await Promise.all([
      this.snapshots.ensure(la, weekStart),
      this.snapshots.ensure(la, lastWeekStart),
      this.snapshots.ensure(la, yearAgoStart),
      this.milestones.breaches(la),
      this.milestones.longestOverdue(la, 10),
      this.repo.get(la, previousWeek(week)),
      this.targets ? this.targets.list(la) : Promise.resolve([]),
    ]);
    const [starts, lastWeekStarts] = this.targets
      ? await Promise.all([this.targets.startsOf(targets, weekStart), this.targets.startsOf(targets, lastWeekStart)])
      : [undefined, undefined];
    return buildWeeklyFigures({
      la,
      week,
      weekStart,
      lastWeekStart,
      thisWeek,
      lastWeek,
      breaches,
      lastWeekBreaches: previous?.figures.breaches ?? null,
      targets: targetLines(targets, thisWeek, weekStart, this.rules, starts),
      lastWeekTargets: targetLines(targets, lastWeek, lastWeekStart, this.rules, lastWeekStarts),
      yearAgoStart,
      yearAgo,
      england: englandTwentyWeeks(),
      overdueCases,
      forecast: await this.forecastOf(la, weekStart),
    });
  }

  /** Where the year is heading; a forecast that fails is logged and left out, never stops the summary. */
  private async forecastOf(la: string, weekStart: string): Promise<SummaryForecast | null> {
    if (!this.forecasts) return null;
    try {
      return await this.forecasts.weekly(la, weekStart);
    } catch (e) {
      this.logger.warn({ msg: 'weekly summary without its forecast', la, weekStart, error: (e as Error).message });
      return null;
    }
  }

  private async mail(s: WeeklySummary): Promise<number> {
    const to = [...new Set((await this.staff.directory(s.la)).leaders().map((m) => m.email))].sort();
    if (!to.length) {
      this.logger.warn(`LA ${s.la} has no leader to receive the ${s.week} summary; stored, not mailed`);
      return 0;
    }
    const domain = this.config.mailFrom.split('@')[1];
    await this.mailer.send({
      kind: 'weekly_summary',
      to,
      subject: `Weekly SEND compliance summary: LA ${s.la}, ${weekBeginning(s.weekStart)}`,
      text: renderText(s.figures, this.rules),
      html: s.html,
      messageId: `<weekly-summary.${s.la}.${s.week}@${domain}>`,
      attachments: [{ filename: `weekly-summary-${s.la}-${s.week}.csv`, content: s.csv, contentType: 'text/csv; charset=utf-8' }],
    });
    return to.length;
  }
}

function mondayOrThrow(week: string): string {
  const parsed = parseIsoWeek(week);
  if (!parsed) throw new InvalidWeekError(week);
  return mondayOf(parsed);
}
