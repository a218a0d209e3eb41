/** Events an application may bind, with the scope it needs (null: any application). */
export const knownEvents: ReadonlyMap<string, string | null> = new Map([
  ['ONEXTERNALCALLSTART', 'telephony'],
  ['ONEXTERNALCALLBACKSTART', 'telephony'],
  ['ONAPPINSTALL', null],
  ['ONAPPUNINSTALL', null],
  ['ONAPPUPDATE', null],
  ['ONUSERADD', 'user'],
  ['ONCRMLEADADD', 'crm'],
  ['ONCRMLEADUPDATE', 'crm'],
  ['ONCRMCONTACTADD', 'crm'],
  ['ONCRMCONTACTUPDATE', 'crm'],
  ['ONCRMCOMPANYADD', 'crm'],
  ['ONCRMCOMPANYUPDATE', 'crm'],
  ['ONCRMACTIVITYADD', 'crm'],
]);
