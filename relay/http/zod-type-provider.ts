import type { FastifyInstance, FastifyTypeProvider } from 'fastify';
import { z } from 'zod';

/**
 * Schema-typed routes with zod: one schema validates the request and types the handler
 * (`app.withTypeProvider<ZodTypeProvider>()`), the way fastify's TypeBox provider does.
 */
export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

export function useZodSchemas(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema }) => (data: unknown) => {
    const parsed = (schema as z.ZodType).safeParse(data);
    return parsed.success ? { value: parsed.data } : { error: new Error(z.prettifyError(parsed.error)) };
  });
  // Responses are our own objects: plain JSON, no schema-driven serializer.
  app.setSerializerCompiler(() => (data: unknown) => JSON.stringify(data));
}
