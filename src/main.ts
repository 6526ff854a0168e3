// The one composition root: config → adapters → use cases → HTTP, mail doors, workers, schedules.
import Fastify from 'fastify';
import pino from 'pino';
import { openDatabase } from './adapters/db/database.ts';
import { migrateToLatest } from './adapters/db/migrate.ts';
import type { Config } from './config.ts';

export interface Running {
  logger: pino.Logger;
  httpUrl: string;
  stop(): Promise<void>;
}

export async function startRedress(config: Config): Promise<Running> {
  const logger = pino({
    level: config.logLevel,
    redact: ['req.headers.cookie', 'req.headers.authorization'],
  });
  const database = await openDatabase(config.databaseUrl);
  await migrateToLatest(database);
  const app = Fastify({ loggerInstance: logger });
  app.get('/health', async () => ({ ok: true }));
  const httpUrl = await app.listen({ host: config.http.host, port: config.http.port });
  process.stdout.write(`Redress is listening on ${httpUrl} (database ${config.databaseUrl})\n`);
  return {
    logger,
    httpUrl,
    async stop() {
      await app.close();
      await database.close();
    },
  };
}
