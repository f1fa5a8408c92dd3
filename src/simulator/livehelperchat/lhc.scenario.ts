import type { LiveHelperChatSimulator } from '@app/simulator/livehelperchat/livehelperchat.simulator';

export interface AssignableApiUserScenarioOptions {
  /** The connector's `auth.username`: its account and API key are seeded. Default `bridge`. */
  serviceUsername?: string;
  /** The connector's `auth.apiKey`. */
  apiKey: string;
  /** E-mail of the integration API user (the demo roster's `api` entry). Default api@example.com. */
  apiUserEmail?: string;
  /** E-mail of the human operator (the demo roster's `john`). Default john@example.com. */
  humanEmail?: string;
}

export interface AssignableApiUserScenario {
  serviceUserId: number;
  apiUserId: number;
  humanUserId: number;
  departmentIds: [number, number];
}

/**
 * The LHC problem of the demo (issue #2220): an integration API user that
 * keeps receiving chats. Someone set its `exclude_autoasign` over REST without `departments`, so
 * `lh_users` says excluded while both department rows say 0 (finding 1); it calls the API with
 * `update_activity`, so it is active, and it is not offline. Two departments with auto-assignment
 * on, one human operator, and the connector's own API account (all departments, no explicit ones).
 * Activity lasts online_timeout (300 s): call `touch(apiUserId)` to keep the problem alive longer.
 */
export const seedAssignableApiUserScenario = (
  simulator: LiveHelperChatSimulator,
  options: AssignableApiUserScenarioOptions,
): AssignableApiUserScenario => {
  const serviceUsername = options.serviceUsername ?? 'bridge';
  const known = new Set(simulator.departments().map((d) => d.id));
  simulator.seed({
    departments: [
      { name: 'Sales', autoAssign: true },
      { name: 'Support', autoAssign: true },
    ],
  });
  const departmentIds = simulator
    .departments()
    .filter((d) => !known.has(d.id))
    .map((d) => d.id) as [number, number];
  simulator.seed({
    users: [
      {
        username: serviceUsername,
        email: `${serviceUsername}@example.invalid`,
        name: 'chat-bridge',
        allDepartments: true,
      },
      {
        username: 'api',
        email: options.apiUserEmail ?? 'api@example.com',
        name: 'Integration',
        surname: 'API user',
        departments: departmentIds,
        excludeAutoassign: true,
        rowsExcludeAutoassign: false,
        active: true,
      },
      {
        username: 'john',
        email: options.humanEmail ?? 'john@example.com',
        name: 'John',
        surname: 'Smith',
        departments: departmentIds,
        active: true,
      },
    ],
    apiKeys: [{ username: serviceUsername, apiKey: options.apiKey }],
  });
  const id = (username: string): number => simulator.userByUsername(username)!.id;
  return { serviceUserId: id(serviceUsername), apiUserId: id('api'), humanUserId: id('john'), departmentIds };
};
