import type { OperatorModel } from '@app/platforms/chat-platform.adapter';

/**
 * LHC users are matched by e-mail; name and e-mail can change; `disabled` 0/1 is the status, and
 * DELETE /restapi/user/{id} is a real delete (used only when deletes are allowed).
 */
export const LHC_OPERATOR_MODEL: OperatorModel = {
  matchBy: 'email',
  updatableFields: ['name', 'email'],
  statuses: ['active', 'inactive'],
  hardDelete: true,
  statusStored: true,
};

/** Route templates for logs and metrics: never the concrete URL. */
export const LHC_ROUTE_TEMPLATES = {
  getUsers: 'GET /restapi/getusers',
  getUser: 'GET /restapi/user/:user_id',
  createUser: 'POST /restapi/user',
  updateUser: 'PUT /restapi/user/:user_id',
  deleteUser: 'DELETE /restapi/user/:user_id',
  setOnlineStatus: 'GET /restapi/setonlinestatus/:user_id/:online',
  onlineUsers: 'GET /restapi/onlineusers',
  departments: 'GET /restapi/departments',
  setChatStatus: 'POST /restapi/setchatstatus',
  chats: 'GET /restapi/chats',
} as const;

/**
 * The Swagger marks all four flags required; LHC compares each with `=== 'true'`, so `false` is
 * the same as leaving it out (modules/lhrestapi/onlineusers.php). `include_offline` lists offline
 * users too; `include_user` nests the real `lh_users` values.
 */
export const LHC_ONLINE_USERS_QUERY = {
  include_offline: 'true',
  exclude_invisible: 'false',
  include_disabled: 'false',
  include_user: 'true',
} as const;

/** Chat statuses; 0 hands a chat back to the queue. */
export const LHC_CHAT_STATUS_PENDING = 0;
export const LHC_CHAT_STATUS_ACTIVE = 1;

/** Page size of GET /restapi/chats (LHC's default is 20). */
export const LHC_CHATS_PAGE = 100;

/** Fields of user bodies that carry passwords: removed before anything reads a body. */
export const LHC_PASSWORD_FIELDS = ['password', 'password_temp_1', 'password_front'] as const;

/** Length of the generated password of created operators; they reset it (or log in by SSO). */
export const LHC_GENERATED_PASSWORD_LENGTH = 32;

/** LHC usernames are unique; the derived one is cut here to stay inside the column. */
export const LHC_USERNAME_MAX_LENGTH = 40;

// validateRequest() and the permission checks answer these (lhrestapivalidator.php, user.php).
export const LHC_AUTH_MESSAGE = /authori[sz]ation|permission|api key|direct(ly)? log/i;
// user.php "User could not be found!"; setchatstatus "No object of class … with id …".
export const LHC_NOT_FOUND_MESSAGE = /could not be found|not found|no object of class/i;
export const LHC_USER_EXISTS_MESSAGE = /user exists/i;
/**
 * MariaDB chose this request's transaction as a deadlock victim and rolled all of it back; LHC
 * answers 400 with the driver's text. Two user creates at once on a real LHC 4.90 meet this
 * (both write the user's department and group rows), so it is common, and nothing was applied.
 */
export const LHC_DEADLOCK_MESSAGE = /SQLSTATE\[40001\]|deadlock found/i;
/**
 * User creates in flight at most, whatever the rate limit: each one locks rows of the same few
 * tables, so more at once mostly buys deadlocks (each retried, but each a wasted request).
 */
export const LHC_CREATES_IN_FLIGHT = 8;
