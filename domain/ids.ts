/** A string tagged with the name of what it identifies, so ids of different kinds cannot be swapped. */
export type Id<Kind extends string> = string & { readonly __id: Kind };

export type ChannelId = Id<'Channel'>;
export type ContactId = Id<'Contact'>;
export type ContactIdentityId = Id<'ContactIdentity'>;
export type ChatId = Id<'Chat'>;
export type MessageId = Id<'Message'>;
export type AttachmentId = Id<'Attachment'>;
export type AgentId = Id<'Agent'>;
export type QueueId = Id<'Queue'>;
export type FileId = Id<'File'>;
export type JobId = Id<'Job'>;
