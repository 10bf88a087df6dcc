import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { appConfig } from '@app/config';
import { AppModule } from './app.module';
import { IngestRejectedFilter } from './common/ingest-rejected.filter';

/** Builds the ingest API exactly as production runs it (tests use this too). */
export async function createApiApp(): Promise<NestExpressApplication> {
  const config = appConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  // JSON only: CSV imports are read as a stream by their controller, never buffered.
  app.useBodyParser('json', { limit: config.ingestBodyLimit });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }));
  app.useGlobalFilters(new IngestRejectedFilter());
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('SEND timeliness monitor')
    .setDescription('Ingest of EHC assessment, annual review, SLT and neurodevelopmental events; cases; reports.')
    .setVersion('1')
    .build();
  SwaggerModule.setup('docs', app, SwaggerModule.createDocument(app, doc));
  return app;
}
