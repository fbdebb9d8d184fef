import { ofetch } from 'ofetch';
import type { AttachmentLoader } from '../../../application/ports/attachment-loader.ts';
import { downloadLimited } from '../download.ts';
import { isHttpUrl } from '../http-outcomes.ts';
import type { ProviderOptions } from '../provider-module.ts';

/**
 * Downloads a custom message's attachment from its `uploadUrl` [Creatio's IAttachmentsLoadWorker],
 * size-limited; the file name is the message's, else Content-Disposition's, else the URL's last segment.
 */
export function createCustomAttachmentLoader(options: ProviderOptions): AttachmentLoader {
  const client = ofetch.create({ retry: 0 });
  return {
    async load(_channel, attachment, maxBytes) {
      const url = attachment.sourceRef;
      if (!url || !isHttpUrl(url)) return { kind: 'not_downloadable', reason: 'the attachment has no http(s) uploadUrl' };
      return downloadLimited(client, url, {
        maxBytes, timeoutMs: options.downloadTimeoutMs ?? options.timeoutMs, now: () => options.clock.now(), fileName: attachment.fileName,
      });
    },
  };
}
