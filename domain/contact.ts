import type { ChannelId, ContactId, ContactIdentityId, FileId } from './ids.ts';

/** What a messenger tells about a sender; every field may be missing. */
export interface ProfileData {
  readonly firstName?: string | undefined;
  readonly lastName?: string | undefined;
  readonly username?: string | undefined;
  readonly language?: string | undefined;
  readonly avatarUrl?: string | undefined;
}

/** Creatio's fallback when no profile is known: `New Contact <ChannelName>-<SenderExternalId>`. */
export const fallbackContactName = (channelName: string, senderExternalId: string): string =>
  `New Contact ${channelName}-${senderExternalId}`;

/** The display name a profile gives, or undefined when it gives none. */
export function nameFromProfile(profile: ProfileData | undefined): string | undefined {
  const full = [profile?.firstName, profile?.lastName].map((part) => part?.trim()).filter(Boolean).join(' ');
  return full || profile?.username?.trim() || undefined;
}

/** A person who writes to us, whatever messengers they use. */
export class Contact {
  readonly id: ContactId;
  name: string;
  firstName: string | null = null;
  lastName: string | null = null;
  username: string | null = null;
  language: string | null = null;
  avatarFileId: FileId | null = null;
  /** True while the name is the fallback, so enrichment may still replace it. */
  hasFallbackName: boolean;
  createdAt: Date;

  constructor(id: ContactId, name: string, createdAt: Date, hasFallbackName = false) {
    this.id = id;
    this.name = name;
    this.createdAt = createdAt;
    this.hasFallbackName = hasFallbackName;
  }

  /** Takes what a profile tells, without erasing what is already known. */
  applyProfile(profile: ProfileData): void {
    this.firstName = profile.firstName?.trim() || this.firstName;
    this.lastName = profile.lastName?.trim() || this.lastName;
    this.username = profile.username?.trim() || this.username;
    this.language = profile.language?.trim() || this.language;
    const name = nameFromProfile(profile);
    if (name && this.hasFallbackName) {
      this.name = name;
      this.hasFallbackName = false;
    }
  }

  rename(name: string): void {
    this.name = name;
    this.hasFallbackName = false;
  }
}

/** One (provider, channel, external sender id) that points at a contact. */
export class ContactIdentity {
  readonly id: ContactIdentityId;
  contactId: ContactId;
  readonly provider: string;
  readonly channelId: ChannelId;
  readonly externalId: string;

  constructor(init: { id: ContactIdentityId; contactId: ContactId; provider: string; channelId: ChannelId; externalId: string }) {
    this.id = init.id;
    this.contactId = init.contactId;
    this.provider = init.provider;
    this.channelId = init.channelId;
    this.externalId = init.externalId;
  }
}
