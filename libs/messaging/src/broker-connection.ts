import amqp, { AmqpConnectionManager } from 'amqp-connection-manager';
import { SOCKET_OPTIONS, amqpUrl } from './names';

/**
 * A connection to the broker that reconnects by itself (amqp-connection-manager),
 * with the socket settings verified on these machines; its channels run their
 * setup (exchanges, queues, consumers) again after every reconnect.
 */
export function connectBroker(): AmqpConnectionManager {
  const connection = amqp.connect([amqpUrl()], {
    reconnectTimeInSeconds: SOCKET_OPTIONS.reconnectTimeInSeconds,
    heartbeatIntervalInSeconds: SOCKET_OPTIONS.heartbeatIntervalInSeconds,
    connectionOptions: SOCKET_OPTIONS.connectionOptions,
  });
  // a lost connection is retried; it is no error for the process
  connection.on('disconnect', () => undefined);
  return connection;
}
