/** The services behind the gateway; each consumes one durable queue named after it. */
export const SERVICES = ['integrations', 'revisions', 'access'] as const;
export type ServiceName = (typeof SERVICES)[number];
