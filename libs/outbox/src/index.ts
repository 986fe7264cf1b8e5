export * from './outbox.migrations';
export * from './event-outbox';
export * from './outbox-relay';
export * from './outbox.module';
