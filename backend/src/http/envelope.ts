import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../errors.ts';

/** The v1 envelope: `{success, status, user, <payloadKey>: payload}`; success is always HTTP 200. */
export function sendOk(request: FastifyRequest, reply: FastifyReply, payload: Record<string, unknown> = {}) {
  return reply.code(200).send({ success: true, status: 200, user: request.identity?.user ?? null, ...payload });
}

export interface ErrorBody {
  success: false;
  status: number;
  log: string;
  user: string | null;
  errors?: FieldError[];
}

export function errorBody(status: number, log: string, user: string | null, errors?: FieldError[]): ErrorBody {
  const body: ErrorBody = { success: false, status, log, user };
  if (errors && errors.length > 0) body.errors = errors;
  return body;
}
