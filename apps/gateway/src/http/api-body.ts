import { ApiBody } from '@nestjs/swagger';
import { z } from 'zod';

/**
 * The OpenAPI body of a route, derived from the contract the service validates
 * it with: the documentation cannot drift from what is accepted.
 */
export function ApiBodyOf(schema: z.ZodTypeAny): MethodDecorator {
  const { $schema: _draft, ...json } = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  return ApiBody({ schema: json as never });
}
