import { ofetch } from 'ofetch';
import type { AttachmentLoader } from '../../../application/ports/attachment-loader.ts';
import { downloadLimited } from '../download.ts';
import { isHttpUrl } from '../http-outcomes.ts';
import type { ProviderOptions } from '../provider-module.ts';

/**
 * Downloads a Messenger attachment from its `payload.url` [Creatio's IAttachmentsLoadWorker],
 * size-limited. The URL is a signed CDN link that needs (and gets) no page token; it expires,
 * so a 4xx is final (not_downloadable) while 5xx and network failures are retried.
 * @see https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/messages
 */
export function createFacebookAttachmentLoader(options: ProviderOptions): AttachmentLoader {
  const client = ofetch.create({ retry: 0 });
  return {
    async load(_channel, attachment, maxBytes) {
      const url = attachment.sourceRef;
      if (!url || !isHttpUrl(url)) return { kind: 'not_downloadable', reason: 'the attachment has no http(s) URL' };
      return downloadLimited(client, url, {
        maxBytes, timeoutMs: options.downloadTimeoutMs ?? options.timeoutMs, now: () => options.clock.now(), fileName: attachment.fileName,
      });
    },
  };
}
