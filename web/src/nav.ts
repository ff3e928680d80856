// The screens a role may reach from the navigation and the home page.
import type { Permission } from './types';

export interface Screen {
  route: string;
  key: string; // translation key suffix: nav.<key>, home.<key>
  permission: Permission;
}

// In the order they appear in the navigation.
export const kScreens: Screen[] = [
  { route: 'cases', key: 'cases', permission: 'case.read' },
  { route: 'register', key: 'register', permission: 'household.write' },
  { route: 'find', key: 'find', permission: 'person.read' },
  { route: 'status', key: 'status', permission: 'status.check' },
  { route: 'incident_new', key: 'incident_new', permission: 'incident.write' },
  { route: 'incidents', key: 'incidents', permission: 'incident.read' },
  { route: 'dashboard', key: 'dashboard', permission: 'report.read' },
  // Versions two places wrote while apart (sync); usually empty.
  { route: 'conflicts', key: 'conflicts', permission: 'household.write' },
  // At a hub: persons registered at two sites who may be one (usually empty at a site).
  { route: 'cross_site', key: 'cross_site', permission: 'person.duplicates' },
  // Site administration: one entry; its screens have their own tabs (admin_tabs.tsx).
  { route: 'admin_users', key: 'admin', permission: 'user.admin' },
];
