/**
 * The company's main number in the demo: the PBX announces it as the called line (X-Line) of every
 * customer's call, and the relay registers it in Bitrix24 as the external line calls come in on.
 */
export const demoLine = { number: '74950000000', name: 'Main line' } as const;
