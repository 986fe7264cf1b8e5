import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import { LIMITS } from '@ilm/contracts';
import { JsonLogger, guardProcess, withCorrelation } from '@ilm/messaging';
import { GatewayModule } from './gateway.module';
import { errorBody } from './http/error.filter';
import { correlationIdOf, IlmRequest } from './http/request-context';
import { httpDuration, httpErrors } from './health/metrics';

async function bootstrap(): Promise<void> {
  guardProcess('gateway');
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule, { bodyParser: false, logger: new JsonLogger('gateway') });
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  const http = new Logger('http');
  app.use((req: IlmRequest, res: Response, next: NextFunction) => {
    req.correlationId = correlationIdOf(req);
    res.setHeader('X-Correlation-Id', req.correlationId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = (req.route?.path as string | undefined) ?? 'unmatched';
      const labels = { method: req.method, route, status: String(res.statusCode) };
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      httpDuration.observe(labels, seconds);
      if (res.statusCode >= 400) httpErrors.inc(labels);
      withCorrelation(req.correlationId!, () => http.log(`${req.method} ${route} ${res.statusCode} ${(seconds * 1000).toFixed(1)} ms`));
    });
    // everything this request does (service calls, events, logs) carries its correlation id
    withCorrelation(req.correlationId, next);
  });
  app.use(express.json({ limit: LIMITS.requestBytes, type: ['application/json', 'application/*+json'] }));
  // body-parser failures (too large, not JSON) never reach Nest's filters: answer them here
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    const { status, body } = errorBody(err);
    res.status(status).json(body);
  });

  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('ILM — Integration Lifecycle Management')
      .setDescription('Versions, snapshots, diffs and reverts of integrations. Errors: {"error": {"code", "message", "details"}}.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs/openapi.json' });

  app.enableShutdownHooks();
  const port = Number(process.env.GATEWAY_PORT ?? 3000);
  await app.listen(port, process.env.GATEWAY_HOST ?? '127.0.0.1');
  new Logger('gateway').log(`listening on http://127.0.0.1:${port}`);
}

void bootstrap().catch((err) => {
  console.error(`gateway failed to start: ${err?.message ?? err}`);
  process.exit(1);
});
