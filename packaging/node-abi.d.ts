/** node-abi (electron-builder's and @electron/rebuild's table of runtime ABIs) ships no types. */
declare module 'node-abi' {
  export function getAbi(target: string, runtime: 'node' | 'electron'): string;
}
