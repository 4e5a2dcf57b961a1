// Test-only child process: runs Learning Locker's statement service (xapi-statements) listening on
// 127.0.0.1 alone; its server calls app.listen(port), which would otherwise bind every interface.
import net from 'node:net';
import { createRequire } from 'node:module';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  if (typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function')) return listen.call(this, args[0], '127.0.0.1', ...args.slice(1));
  return listen.apply(this, args);
};

const require = createRequire(import.meta.url);
require('xapi-statements');
