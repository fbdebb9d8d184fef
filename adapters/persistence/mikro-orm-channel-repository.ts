import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChannelRepository } from '../../application/ports/channel-repository.ts';
import { Channel } from '../../domain/channel.ts';
import { DomainError, notFound } from '../../domain/errors.ts';
import { isUuid, saveEntity, violates } from './entity-writes.ts';
import { CHANNEL_COLUMNS, channelOf, runStatement } from './read-rows.ts';

const CHANNEL_BY_ID = `select ${CHANNEL_COLUMNS} from channel where id = ?`;

/** Channels in PostgreSQL, for one unit of work; settings pass through the ORM's settings codec. */
export const createMikroOrmChannelRepository = (em: EntityManager): ChannelRepository => ({
  async find(id) {
    if (!isUuid(id)) return undefined;
    // Outside a transaction nothing will be saved through this unit of work: a row mapped by hand (a job's
    // channel on every run) costs a tenth of the ORM's hydration. Inside one, the entity is tracked for saving.
    if (!em.getTransactionContext()) return (await runStatement(em, CHANNEL_BY_ID, [id])).map(channelOf(em))[0];
    return (await em.findOne(Channel, { id })) ?? undefined;
  },
  async get(id) {
    const channel = await this.find(id);
    if (!channel) throw notFound('channel', id);
    return channel;
  },
  async findActiveBySource(provider, source) {
    return (await em.findOne(Channel, { provider, source, isActive: true })) ?? undefined;
  },
  async list() {
    return em.find(Channel, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
  },
  async save(channel) {
    try {
      await saveEntity(em, channel);
    } catch (error) {
      // The partial unique index decides, so two concurrent creations cannot both win.
      if (violates(error, 'channel_provider_source_active_unique')) throw sourceTaken(channel, error);
      throw error;
    }
  },
});

const sourceTaken = (channel: Channel, cause: unknown) =>
  new DomainError('conflict', 'CHANNEL_SOURCE_TAKEN', `an active ${channel.provider} channel with source ${channel.source} exists already`, { cause });
