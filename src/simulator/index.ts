export { CallCounter } from '@app/simulator/framework/call-counter';
export type { ControlHandler, ControlInput } from '@app/simulator/framework/control-routes';
export { FaultInjector } from '@app/simulator/framework/fault-injector';
export type {
  DisconnectFault,
  Fault,
  FaultPhase,
  LatencyFault,
  StatusFault,
  TimeoutFault,
} from '@app/simulator/framework/fault.types';
export { parseFault } from '@app/simulator/framework/parse-fault';
export {
  emptyResponse,
  InvalidRequestError,
  jsonResponse,
  rawResponse,
} from '@app/simulator/framework/sim-response';
export { SimulatorServer } from '@app/simulator/framework/simulator-server';
export type {
  CallStats,
  HttpMethod,
  RateLimitOptions,
  RequestLogEntry,
  RequestOutcome,
  RequestValidator,
  RouteGuard,
  RouteHandler,
  RouteKey,
  RouteOptions,
  SimRequest,
  SimResponse,
  SimulatorOptions,
  StartOptions,
  ValidationFailure,
} from '@app/simulator/framework/simulator.types';
export { TokenBucket } from '@app/simulator/framework/token-bucket';
export {
  WebhookSender,
  type WebhookDelivery,
  type WebhookRecord,
  type WebhookResult,
} from '@app/simulator/framework/webhook-sender';
export { ChatHubSimulator } from '@app/simulator/smsbat-chathub/chathub.simulator';
export {
  CHATHUB_OPERATOR_STATUSES,
  CHATHUB_ROUTES,
  type ChatHubCredentials,
  type ChatHubOperator,
  type ChatHubOperatorStatus,
  type ChatHubOrganization,
  type ChatHubSeed,
  type ChatHubSimulatorOptions,
  type ChatHubTokenResponseShape,
} from '@app/simulator/smsbat-chathub/chathub.types';
export {
  TencentCallbackSender,
  type AssignAgentParams,
  type RawCallback,
  type SessionEventParams,
  type StateChangeParams,
  type TencentCallbackSenderOptions,
} from '@app/simulator/tencent-chat/tencent-callback-sender';
export { TencentChatSimulator } from '@app/simulator/tencent-chat/tencent.simulator';
export {
  TENCENT_DESK_STATUSES,
  TENCENT_ROUTES,
  type TencentAccount,
  type TencentDeskMember,
  type TencentDeskStatus,
  type TencentEdition,
  type TencentErrorInjection,
  type TencentOnlineState,
  type TencentRouteKey,
  type TencentSeed,
  type TencentSimulatorOptions,
} from '@app/simulator/tencent-chat/tencent.types';
export { type AutoAssignResult } from '@app/simulator/livehelperchat/lhc-assignment';
export {
  LhcWebhookSender,
  renderLhcTemplate,
  type LhcWebhookDelivery,
  type LhcWebhookSenderOptions,
  type OperatorStatusParams,
} from '@app/simulator/livehelperchat/lhc-webhook.sender';
export {
  seedAssignableApiUserScenario,
  type AssignableApiUserScenario,
  type AssignableApiUserScenarioOptions,
} from '@app/simulator/livehelperchat/lhc.scenario';
export {
  LHC_ROUTES,
  type LhcRouteKey,
  type LhcSeed,
  type LhcSimChat,
  type LhcSimDepartment,
  type LhcSimulatorOptions,
  type LhcSimUser,
  type LhcSimUserDep,
  type LhcUserSeed,
  type LhcWebhookTarget,
} from '@app/simulator/livehelperchat/lhc.types';
export {
  LiveHelperChatSimulator,
  lhcSpecValidator,
} from '@app/simulator/livehelperchat/livehelperchat.simulator';
export {
  OpenApiRequestValidator,
  findSharedSpec,
  openApiRequestValidator,
  type OpenApiValidatorOptions,
  type ValidatableRequest,
} from '@app/simulator/framework/openapi-validator';
export { ChatwootSimulator } from '@app/simulator/chatwoot/chatwoot.simulator';
export type { NewMessage } from '@app/simulator/chatwoot/chatwoot-conversations';
export {
  CHATWOOT_SIM_ROUTES,
  type ChatwootActor,
  type ChatwootAgentBotRecord,
  type ChatwootAgentRecord,
  type ChatwootAgentSeed,
  type ChatwootContactRecord,
  type ChatwootConversationRecord,
  type ChatwootConversationSeed,
  type ChatwootInboxRecord,
  type ChatwootInboxSeed,
  type ChatwootMessageRecord,
  type ChatwootSimRouteKey,
  type ChatwootSimStatus,
  type ChatwootSimulatorOptions,
  type ChatwootWebhookEvent,
  type ChatwootWebhookRecord,
  type ChatwootWebhookTarget,
} from '@app/simulator/chatwoot/chatwoot.types';
export { EvolutionSimulator } from '@app/simulator/evolution/evolution.simulator';
export {
  seedReopenScenario,
  type ReopenScenario,
  type ReopenScenarioParams,
} from '@app/simulator/evolution/evolution-reopen.scenario';
export {
  EVOLUTION_ROUTES,
  type EvolutionChatwootSettingsRecord,
  type EvolutionInstanceSeed,
  type EvolutionSimulatorOptions,
  type ForwardCustomerMessageParams,
  type ForwardResult,
} from '@app/simulator/evolution/evolution.types';
