/** IPC channel names, apart from the schemas so the sandboxed preload bundle stays free of zod. */
export const IPC_CHANNELS = {
  command: 'softphone:command',
  snapshot: 'softphone:snapshot',
} as const;
