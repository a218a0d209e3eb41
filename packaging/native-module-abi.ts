import { readFile } from 'node:fs/promises';

/**
 * The ABI (NODE_MODULE_VERSION) a compiled Node addon was built for, read from the file itself:
 * an addon that is not Node-API exports `node_register_module_v<ABI>` (ELF and PE as is, Mach-O
 * with a leading underscore), the symbol the runtime looks up for its own ABI. Null when there is
 * no such symbol (a Node-API addon, or no addon at all).
 */
export async function nativeModuleAbi(file: string): Promise<number | null> {
  const match = /node_register_module_v(\d+)/.exec((await readFile(file)).toString('latin1'));
  return match ? Number(match[1]) : null;
}
