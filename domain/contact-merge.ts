import type { AgentId, ContactId } from './ids.ts';

/** The record of one merge: which contact was folded into which, by whom, and what moved. */
export class ContactMerge {
  readonly id: string;
  readonly targetContactId: ContactId;
  /** The merged contact's id, kept after that contact is removed. */
  readonly sourceContactId: ContactId;
  readonly sourceName: string;
  readonly byAgentId: AgentId | null;
  readonly identitiesMoved: number;
  readonly chatsMoved: number;
  readonly at: Date;

  constructor(init: {
    id: string; targetContactId: ContactId; sourceContactId: ContactId; sourceName: string; byAgentId: AgentId | null;
    identitiesMoved: number; chatsMoved: number; at: Date;
  }) {
    this.id = init.id;
    this.targetContactId = init.targetContactId;
    this.sourceContactId = init.sourceContactId;
    this.sourceName = init.sourceName;
    this.byAgentId = init.byAgentId;
    this.identitiesMoved = init.identitiesMoved;
    this.chatsMoved = init.chatsMoved;
    this.at = init.at;
  }
}
