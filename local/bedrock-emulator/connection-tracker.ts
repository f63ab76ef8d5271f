/** @module Tracks a server's HTTP/2 sessions and raw sockets so closing it can cut them at once. */

import type { EventEmitter } from 'node:events';
import type { Http2Session } from 'node:http2';
import type { Socket } from 'node:net';

/**
 * Follows `server`'s sessions and sockets; the returned function destroys them all.
 *
 * A destroyed session still ends its socket gracefully, which never finishes while the client
 * leaves a stream unread; closing must not wait for that, so the raw sockets are destroyed too.
 */
function trackConnections(server: EventEmitter): () => void {
  const sessions = new Set<Http2Session>();
  const sockets = new Set<Socket>();
  server.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return () => {
    for (const session of sessions) session.destroy();
    for (const socket of sockets) socket.destroy();
  };
}

export { trackConnections };
