/**
 * The one portal the benchmarked relay serves (written straight into its store by
 * relay-bench-server.ts), as the load generators sign their events. Its own module: importing the
 * server's would start a second relay in the importing process.
 */
export const benchMemberId = 'bench-member';
export const benchApplicationToken = 'bench-application-token-0123456789abcdef';
