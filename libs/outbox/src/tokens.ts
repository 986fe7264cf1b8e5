/** The schema whose outbox a service's relay drains. */
export const OUTBOX_SCHEMA_NAME = 'OUTBOX_SCHEMA_NAME';
