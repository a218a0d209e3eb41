import type { App, ExternalLine, ParamMap } from '../state/model';
import type { Portal } from '../state/portal';
import { phpString, upperKeys } from '../transport/php-params';
import { coreError } from '../transport/rest-error';

/** telephony.externalLine.*: each application sees and changes only its own lines. */
export function addLine(portal: Portal, app: App, rawParams: ParamMap): { ID: number } {
  const params = upperKeys(rawParams);
  const number = (phpString(params.NUMBER) ?? '').trim();
  if (!number) throw coreError('NUMBER should not be empty');
  if (findLine(portal, app, number)) throw coreError('Line already exists');
  const line: ExternalLine = {
    ID: portal.nextId('line'),
    appClientId: app.clientId,
    NUMBER: number,
    NAME: phpString(params.NAME) ?? '',
    CRM_AUTO_CREATE: phpString(params.CRM_AUTO_CREATE) === 'N' ? 'N' : 'Y',
  };
  portal.data.lines.push(line);
  return { ID: line.ID };
}

export function listLines(
  portal: Portal,
  app: App,
): Pick<ExternalLine, 'NUMBER' | 'NAME' | 'CRM_AUTO_CREATE'>[] {
  return portal.data.lines
    .filter((line) => line.appClientId === app.clientId)
    .map(({ NUMBER, NAME, CRM_AUTO_CREATE }) => ({ NUMBER, NAME, CRM_AUTO_CREATE }));
}

export function updateLine(portal: Portal, app: App, rawParams: ParamMap): { ID: string } {
  const params = upperKeys(rawParams);
  const number = (phpString(params.NUMBER) ?? '').trim();
  if (!number) throw coreError('NUMBER should not be empty');
  const name = phpString(params.NAME);
  const crmAutoCreate = phpString(params.CRM_AUTO_CREATE);
  if (name === undefined && crmAutoCreate === undefined) throw coreError('There are no fields to update');
  const line = findLine(portal, app, number);
  if (!line) throw coreError(`Could not find line with number ${number}`);
  if (name !== undefined) line.NAME = name;
  if (crmAutoCreate !== undefined) line.CRM_AUTO_CREATE = crmAutoCreate === 'N' ? 'N' : 'Y';
  return { ID: String(line.ID) };
}

export function deleteLine(portal: Portal, app: App, rawParams: ParamMap): [] {
  const params = upperKeys(rawParams);
  const number = (phpString(params.NUMBER) ?? '').trim();
  if (!number) throw coreError('NUMBER should not be empty');
  const line = findLine(portal, app, number);
  if (!line) throw coreError(`Could not find line with number ${number}`);
  portal.data.lines = portal.data.lines.filter((candidate) => candidate !== line);
  return [];
}

function findLine(portal: Portal, app: App, number: string): ExternalLine | undefined {
  return portal.data.lines.find((line) => line.appClientId === app.clientId && line.NUMBER === number);
}
