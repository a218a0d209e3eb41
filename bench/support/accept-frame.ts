/** The hub request by which an app accepts a command, as the real app sends it. */
export function acceptFrame(requestId: number, commandId: string): string {
  return JSON.stringify({ t: 'request', id: requestId, method: 'command/accept', params: { commandId } });
}
