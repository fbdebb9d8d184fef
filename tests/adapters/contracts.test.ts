import { describe } from 'vitest';
import { agentRepositoryContract } from './contracts/agent-repository.contract.ts';
import { channelRepositoryContract } from './contracts/channel-repository.contract.ts';
import { chatRepositoryContract } from './contracts/chat-repository.contract.ts';
import { contactRepositoryContract } from './contracts/contact-repository.contract.ts';
import { contractTargets } from './contracts/harness.ts';
import { inboundRacesContract } from './contracts/inbound-races.contract.ts';
import { jobQueueContract } from './contracts/job-queue.contract.ts';
import { messageRepositoryContract } from './contracts/message-repository.contract.ts';
import { outgoingQueueContract } from './contracts/outgoing-queue.contract.ts';
import { queueRepositoryContract } from './contracts/queue-repository.contract.ts';
import { sendRacesContract } from './contracts/send-races.contract.ts';
import { transactionContract } from './contracts/transaction.contract.ts';

describe.each(contractTargets())('%s stores', (_name, open) => {
  describe('ChannelRepository', () => channelRepositoryContract(open));
  describe('ContactRepository', () => contactRepositoryContract(open));
  describe('ChatRepository', () => chatRepositoryContract(open));
  describe('MessageRepository', () => messageRepositoryContract(open));
  describe('MessageRepository outgoing queue', () => outgoingQueueContract(open));
  describe('AgentRepository', () => agentRepositoryContract(open));
  describe('QueueRepository', () => queueRepositoryContract(open));
  describe('JobQueue', () => jobQueueContract(open));
  describe('Transaction', () => transactionContract(open));
  describe('receiveInboundMessage races', () => inboundRacesContract(open));
  describe('sendMessage and delivery races', () => sendRacesContract(open));
});
