// Preloaded into the web process (`node --require`): stamps every HTTP request with the address of the socket it
// came from, overwriting any such header a client sent, because Next.js route handlers never see the socket.
// server/client-ip.ts reads it to decide whether X-Forwarded-For may be believed (LARDER_TRUSTED_PROXIES).
const http = require("node:http");

const PEER_ADDRESS_HEADER = "x-larder-peer-address";
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function emitWithPeerAddress(event, request, ...rest) {
  if (event === "request" && request && request.headers)
    request.headers[PEER_ADDRESS_HEADER] = (request.socket && request.socket.remoteAddress) || "";
  return emit.call(this, event, request, ...rest);
};
