import { Injectable, PipeTransform } from '@nestjs/common';
import { z } from 'zod';

/** Validates a message payload against its contract's schema, once, at the service edge. */
@Injectable()
export class ContractPipe<S extends z.ZodTypeAny> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    return this.schema.parse(value);
  }
}
