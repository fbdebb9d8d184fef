/** Job kinds, as stored in the queue: renaming one strands the jobs already queued under the old name. */
export const ENRICH_CONTACT = 'contact.enrich';
export const DOWNLOAD_ATTACHMENT = 'attachment.download';
export const DELIVER_MESSAGE = 'message.deliver';
export const ROUTE_CHAT = 'chat.route';
