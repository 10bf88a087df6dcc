import type { INestApplicationContext } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './app-config';
import { requestSerializers } from './log-redaction';

/**
 * Structured JSON logs for every app. Request bodies and headers are never logged (they carry
 * children's references and credentials), and above debug level URLs are logged with references
 * masked and without their query (log-redaction.ts).
 */
export const AppLoggerModule = LoggerModule.forRootAsync({
  inject: [AppConfig],
  useFactory: (config: AppConfig) => ({
    pinoHttp: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      serializers: requestSerializers(config.logLevel),
      autoLogging: { ignore: (req: { url?: string }) => req.url === '/health' },
    },
  }),
});

/**
 * A process's shutdown on a signal (SIGTERM from an orchestrator): the shutdown hooks, then
 * process.exit rather than the signal raised again. A death by the signal skips pino's flush on
 * exit, and the log lines still buffered were lost (a worker's 'handed back to the queue').
 */
export function shutDownOnSignals(app: INestApplicationContext): void {
  app.enableShutdownHooks(undefined, { useProcessExit: true });
}
