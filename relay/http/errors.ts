import type { FastifyReply } from 'fastify';
import type { RelayError } from '../../common/relay/relay-api';

export function refuse(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  const body: RelayError = { error, message };
  return reply.code(status).send(body);
}
