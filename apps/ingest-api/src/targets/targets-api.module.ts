import { Module } from '@nestjs/common';
import { TargetsModule } from '@app/compliance';
import { TargetsController } from './targets.controller';

@Module({
  imports: [TargetsModule],
  controllers: [TargetsController],
})
export class TargetsApiModule {}
