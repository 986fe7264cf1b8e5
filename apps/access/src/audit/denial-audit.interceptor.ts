import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { RmqContext } from '@nestjs/microservices';
import { Observable, catchError, from, mergeMap, throwError } from 'rxjs';
import { Actor, DomainError } from '@ilm/contracts';
import { EventOutbox } from '@ilm/outbox';

/**
 * The access service's own commands refuse some callers beyond what the
 * gateway checked (an admin minting a token for the owner, say): those refusals
 * are audited like any other denied attempt.
 */
@Injectable()
export class DenialAuditInterceptor implements NestInterceptor {
  constructor(private readonly events: EventOutbox) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((err: unknown) => {
        if (!(err instanceof DomainError) || err.code !== 'forbidden') return throwError(() => err);
        const payload = context.switchToRpc().getData<{ actor?: Actor }>();
        const pattern = context.switchToRpc().getContext<RmqContext>().getPattern();
        const actor = payload?.actor;
        const published = this.events.record(this.events.event({
          type: 'access.denied',
          workspaceId: actor?.workspaceId ?? null,
          actor: { userId: actor?.userId ?? null, tokenId: actor?.tokenId ?? null },
          action: pattern.replace(/^access\./, ''),
          target: { type: 'workspace', id: actor?.workspaceId ?? null },
          outcome: 'denied',
          data: { reason: err.message },
        }));
        return from(published).pipe(mergeMap(() => throwError(() => err)));
      }),
    );
  }
}
