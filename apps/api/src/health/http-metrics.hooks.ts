import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpMetrics } from './http-metrics.js';

/** Routes whose bodies are license decisions carrying a `reasonCode`. */
const DECISION_ROUTES = new Set(['/v1/licenses/authorize', '/licensing/validate', '/licensing/activate', '/licensing/extend']);
const REASON_CODE = /"reasonCode":"([A-Z0-9_]{1,64})"/;

function routeOf(request: FastifyRequest): string {
  // Unmatched URLs share one label: raw paths would make the series unbounded.
  return request.routeOptions?.url ?? 'unmatched';
}

/** Counts and times every response on the Fastify instance (must run before the server is ready). */
export function installHttpMetrics(fastify: FastifyInstance, metrics: HttpMetrics): void {
  fastify.addHook('onSend', async (request: FastifyRequest, _reply: FastifyReply, payload: unknown) => {
    const route = routeOf(request);
    if (DECISION_ROUTES.has(route) && typeof payload === 'string') {
      const match = REASON_CODE.exec(payload);
      if (match) metrics.observeDecision(route, match[1]!);
    }
    return payload;
  });
  fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    metrics.observe(request.method, routeOf(request), reply.statusCode, reply.elapsedTime / 1000);
  });
}
