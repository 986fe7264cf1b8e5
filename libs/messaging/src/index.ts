export * from './names';
export * from './dead-letter';
export * from './rmq-server';
export * from './ack.interceptor';
export * from './contract.pipe';
export * from './service-client';
export * from './service-bootstrap';
export * from './json-logger';
