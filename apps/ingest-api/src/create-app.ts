import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage, Server } from 'node:http';
import type { Request } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import compression from 'compression';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { runInRequestScope } from '@app/access';
import { appConfig, shutDownOnSignals } from '@app/config';
import { Metrics, httpMetrics } from '@app/metrics';
import { AppModule } from './app.module';
import { IngestRejectedFilter } from './common/ingest-rejected.filter';
import { markPlainJsonBody, noteJsonText } from './common/control-characters';
import { NoControlCharactersPipe } from './common/no-control-characters.pipe';
import { noStore } from './common/no-store.middleware';
import { isStreamedJson } from './common/streamed-json';
import { refuseUnreadBody } from './common/unread-body.middleware';
import { BrowserErrorFilter } from './pages/browser-error.filter';
import { servePageAssets } from './pages/page-assets';
import { cspNonceOf, pageContext } from './pages/page-context';
import { configureViews } from './pages/views';

/** Builds the ingest API exactly as production runs it (tests use this too). */
export async function createApiApp(): Promise<NestExpressApplication> {
  const config = appConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  keepIdleConnections(app.getHttpServer() as Server);
  // First, so every answer is counted and timed, refusals included.
  app.use(httpMetrics(app.get(Metrics)));
  app.use(noStore);
  // Pages, their assets, JSON and CSV answers compressed (gzip/brotli as the browser asks): a first
  // visit to a page with charts is about a third of its size. Imports are request bodies: untouched.
  app.use(compression());
  // JSON only: CSV imports are read as a stream by their controller, never buffered.
  // `verify` sees each JSON text before it is parsed: one without a backslash or DEL byte holds no
  // control character, and NoControlCharactersPipe need not walk it (Nest passes the option on
  // unless rawBody is set; its type leaves it out, hence the variable).
  // A batch of events (isStreamedJson) is left unread: its handler reads it as it arrives.
  const json = {
    limit: config.ingestBodyLimit,
    verify: noteJsonText,
    // Express's request by the time the parser runs (its type says only IncomingMessage).
    type: (req: IncomingMessage) => Boolean((req as Request).is('application/json')) && !isStreamedJson(req as Request),
  };
  app.useBodyParser('json', json);
  app.use(markPlainJsonBody);
  // Forms (sign-in, a page's acknowledge button): small.
  app.useBodyParser('urlencoded', { limit: '16kb', extended: false });
  app.use(refuseUnreadBody);
  // A fresh nonce per request: the one inline script of GOV.UK's page template carries it, and the
  // Content-Security-Policy allows scripts from this site and with that nonce only.
  app.use(pageContext);
  // Referrer within the site only, so our own forms carry their Origin (checked on cookie writes).
  app.use(
    helmet({
      referrerPolicy: { policy: 'same-origin' },
      contentSecurityPolicy: {
        directives: { scriptSrc: ["'self'", (_req, res) => `'nonce-${cspNonceOf(res as { locals?: Record<string, unknown> })}'`] },
      },
    }),
  );
  app.disable('x-powered-by');
  if (config.trustProxyHops) app.set('trust proxy', config.trustProxyHops);
  // Closed unless origins are configured: without CORS headers browsers refuse other sites' calls.
  if (config.corsOrigins) app.enableCors({ origin: config.corsOrigins.split(','), credentials: true });
  app.use(cookieParser());
  // After the body parsers (their callbacks would lose it): each request's queries run in its
  // own scope, under row-level security for the principal the auth guard puts there.
  app.use((_req: unknown, _res: unknown, next: () => void) => runInRequestScope(next));
  // Control characters first (PostgreSQL text cannot hold NUL), then each route's DTO.
  app.useGlobalPipes(new NoControlCharactersPipe(), new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }));
  app.useGlobalFilters(new IngestRejectedFilter(), new BrowserErrorFilter());
  shutDownOnSignals(app);
  configureViews(app);
  servePageAssets(app);
  const doc = new DocumentBuilder()
    .setTitle('SEND timeliness monitor')
    .setDescription(
      'Ingest of EHC assessment, annual review, SLT and neurodevelopmental events; cases; reports. ' +
        'Dashboards for people (HTML, every table also as CSV): [/dashboard](/dashboard).',
    )
    .setVersion('1')
    // A session token (POST /v1/auth/sign-in) or an API key, as Authorization: Bearer.
    .addBearerAuth()
    .addSecurityRequirements('bearer')
    .build();
  SwaggerModule.setup('docs', app, SwaggerModule.createDocument(app, doc));
  return app;
}

/**
 * An idle connection is kept open longer than a load balancer's or client's own idle timeout (60 s
 * is common), so the server never closes one just as a request is sent on it: the client then reads
 * ECONNRESET (Node's default is 5 s; a browser test's request met it once in CI). A request's
 * headers are allowed a second longer, as Node asks.
 */
function keepIdleConnections(server: Server): void {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}
