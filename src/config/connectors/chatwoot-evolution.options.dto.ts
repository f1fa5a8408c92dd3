import type { EvolutionOptions } from '@app/core/config.types';
import { IsBool, IsHttpUrl, IsText, TrimTrailingSlash } from '@app/config/decorators/config-rules.decorators';
import { Secret } from '@app/config/decorators/secret.decorator';

/** The Evolution API instance that feeds WhatsApp conversations into this Chatwoot. */
export class ChatwootEvolutionOptionsDto implements EvolutionOptions {
  /** Base URL of the Evolution API. */
  @TrimTrailingSlash()
  @IsHttpUrl()
  baseUrl!: string;

  /** Evolution global or instance API key. */
  @Secret()
  @IsText()
  apiKey!: string;

  /** Evolution instance name. */
  @IsText()
  instance!: string;

  /** true: set `conversationPending: false` at the source instead of only reporting it. */
  @IsBool()
  enforce = false;
}
