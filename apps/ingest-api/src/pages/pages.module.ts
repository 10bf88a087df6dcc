import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { urlencoded } from 'express';
import { ComplianceCoreModule, ReportsModule, SummariesModule } from '@app/compliance';
import { CasesModule } from '../cases/cases.module';
import { CasePageController } from './case-page.controller';
import { CaseworkerController } from './caseworker.controller';
import { CommissionerController } from './commissioner.controller';
import { DashboardController } from './dashboard.controller';
import { EhcTimelinessController } from './ehc-timeliness.controller';
import { LeaderController } from './leader.controller';
import { PagesRepository } from './pages.repository';

/**
 * The dashboards under /dashboard: server-rendered HTML from the stored milestones, alerts,
 * summaries and reports. Static files are served by servePageAssets (create-app.ts).
 */
@Module({
  imports: [ComplianceCoreModule, SummariesModule, ReportsModule, CasesModule],
  controllers: [
    DashboardController,
    CaseworkerController,
    CasePageController,
    CommissionerController,
    LeaderController,
    EhcTimelinessController,
  ],
  providers: [PagesRepository],
})
export class PagesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // The acknowledge form posts application/x-www-form-urlencoded; only these pages read it.
    consumer.apply(urlencoded({ extended: false, limit: '4kb' })).forRoutes(CasePageController);
  }
}
