/** SPEC §2 limits; enforced at every edge (HTTP and messages). */
export const LIMITS = {
  resourceBytes: 1024 * 1024,
  resourcesPerIntegration: 10_000,
  /** a whole create/import body: 10,000 small resources fit, a flood does not */
  requestBytes: 64 * 1024 * 1024,
  settingsBytes: 256 * 1024,
  /** one upstream command (SPEC §7): one resource and its envelope */
  commandBytes: 2 * 1024 * 1024,
  nameLength: 200,
  descriptionLength: 10_000,
  pageSize: 100,
} as const;
