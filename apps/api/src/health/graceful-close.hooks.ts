import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Lets a shutdown finish while clients hold keep-alive connections. Fastify stops accepting connections and
 * closes the idle ones when it closes, but a response still in flight at that moment goes out with
 * keep-alive, and its connection then keeps the server (and the process) open until the client lets go or
 * the keep-alive timeout passes (72 s). While closing, responses say `Connection: close` and connections that
 * fall idle are closed, so the process exits as soon as the last in-flight request is answered.
 */
export function installGracefulClose(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', async () => {
    closing = true;
  });
  fastify.addHook('onSend', async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (closing && !reply.raw.headersSent) void reply.header('connection', 'close');
    return payload;
  });
  fastify.addHook('onResponse', async () => {
    if (closing) fastify.server.closeIdleConnections?.();
  });
}
