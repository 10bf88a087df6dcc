import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { urlencoded } from 'express';
import { ComplianceCoreModule, ForecastsModule, ReportsModule, SummariesModule } from '@app/compliance';
import { QueueAdminService } from '@app/queue';
import { AlertsApiModule } from '../alerts/alerts-api.module';
import { AlternativeProvisionController } from './alternative-provision.controller';
import { CasesModule } from '../cases/cases.module';
import { CasePageController } from './case-page.controller';
import { CaseworkerController } from './caseworker.controller';
import { CommissionerController } from './commissioner.controller';
import { DashboardController } from './dashboard.controller';
import { EhcTimelinessController } from './ehc-timeliness.controller';
import { ImportsModule } from '../imports/imports.module';
import { HomeController } from './home.controller';
import { ImportsPageController } from './imports-page.controller';
import { LeaderController } from './leader.controller';
import { PageChromeInterceptor } from './page-chrome';
import { PagesRepository } from './pages.repository';
import { QueuesPageController } from './queues.controller';
import { SenSupportController } from './sen-support.controller';

/**
 * The dashboards under /dashboard: server-rendered HTML from the stored milestones, alerts,
 * summaries and reports, and / (each role's home). Templates: views/ (views.ts); static files:
 * servePageAssets (create-app.ts).
 */
@Module({
  imports: [ComplianceCoreModule, SummariesModule, ReportsModule, ForecastsModule, CasesModule, AlertsApiModule, ImportsModule],
  controllers: [
    HomeController,
    DashboardController,
    CaseworkerController,
    CasePageController,
    CommissionerController,
    LeaderController,
    EhcTimelinessController,
    ImportsPageController,
    QueuesPageController,
    SenSupportController,
    AlternativeProvisionController,
  ],
  // The navigation for the signed-in role in res.locals of every page (global, like the guard).
  providers: [PagesRepository, QueueAdminService, { provide: APP_INTERCEPTOR, useClass: PageChromeInterceptor }],
})
export class PagesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // The acknowledge form posts application/x-www-form-urlencoded; only these pages read it.
    consumer.apply(urlencoded({ extended: false, limit: '4kb' })).forRoutes(CasePageController);
  }
}
