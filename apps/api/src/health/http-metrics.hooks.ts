import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DECISION_REASON, type DecisionMarked } from '@geckoguard/core';
import type { HttpMetrics } from './http-metrics.js';

function routeOf(request: FastifyRequest): string {
  // Unmatched URLs share one label: raw paths would make the series unbounded.
  return request.routeOptions?.url ?? 'unmatched';
}

/** Counts and times every response on the Fastify instance (must run before the server is ready). */
export function installHttpMetrics(fastify: FastifyInstance, metrics: HttpMetrics): void {
  fastify.addHook('onResponse', async (request: FastifyRequest & DecisionMarked, reply: FastifyReply) => {
    const route = routeOf(request);
    metrics.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    // Authorization decisions (authorize, /licensing/*) name their reason code on the request.
    const reasonCode = request[DECISION_REASON];
    if (reasonCode !== undefined) metrics.observeDecision(route, reasonCode);
  });
}
