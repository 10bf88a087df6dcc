import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './app-config';

/**
 * Structured JSON logs for every app. Request bodies are never logged (they carry children's
 * references) and credentials are redacted.
 */
export const AppLoggerModule = LoggerModule.forRootAsync({
  inject: [AppConfig],
  useFactory: (config: AppConfig) => ({
    pinoHttp: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'],
      autoLogging: { ignore: (req: { url?: string }) => req.url === '/health' },
    },
  }),
});
