import type { AgentRepository } from './agent-repository.ts';
import type { ChannelRepository } from './channel-repository.ts';
import type { ChatRepository } from './chat-repository.ts';
import type { ContactRepository } from './contact-repository.ts';
import type { JobQueue } from './job-queue.ts';
import type { MessageRepository } from './message-repository.ts';
import type { QueueRepository } from './queue-repository.ts';

/** The repositories of one unit of work: all they write commits together, or not at all. */
export interface Stores {
  readonly channels: ChannelRepository;
  readonly contacts: ContactRepository;
  readonly chats: ChatRepository;
  readonly messages: MessageRepository;
  readonly agents: AgentRepository;
  readonly queues: QueueRepository;
  readonly jobs: JobQueue;
}

/** Runs work in one transaction; a thrown error rolls all of it back. */
export interface Transaction {
  run<T>(work: (stores: Stores) => Promise<T>): Promise<T>;
  /**
   * Runs work that only reads, without a transaction around it: each statement sees what was committed
   * when it started, as it would inside a read-committed transaction, minus the BEGIN and COMMIT round
   * trips an agent's list or history page would pay for nothing. The work must not write.
   */
  read<T>(work: (stores: Stores) => Promise<T>): Promise<T>;
  /**
   * Runs work of one write that is atomic on its own (claiming jobs, settling one), without BEGIN and
   * COMMIT: the statement commits as it runs. Work of several writes that belong together uses `run`.
   */
  autocommit<T>(work: (stores: Stores) => Promise<T>): Promise<T>;
}
