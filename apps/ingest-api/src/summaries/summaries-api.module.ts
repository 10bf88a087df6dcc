import { Module } from '@nestjs/common';
import { SummariesModule } from '@app/compliance';
import { SummariesController } from './summaries.controller';

/** GET /v1/summaries/weekly: the stored Monday summaries. */
@Module({
  imports: [SummariesModule],
  controllers: [SummariesController],
})
export class SummariesApiModule {}
