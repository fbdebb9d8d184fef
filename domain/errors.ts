/** What went wrong, as the edges need to know it: each edge maps a kind to its own status code. */
export const ERROR_KINDS = ['invalid', 'not_found', 'conflict', 'forbidden', 'unauthorized'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** The one error class of the core: a kind for the edges, a SCREAMING_SNAKE code for clients. */
export class DomainError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;

  constructor(kind: ErrorKind, code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DomainError';
    this.kind = kind;
    this.code = code;
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

/** The not_found error of an entity kind, e.g. `notFound('chat', id)` -> CHAT_NOT_FOUND. */
export const notFound = (entity: string, id: string): DomainError =>
  new DomainError('not_found', `${entity.toUpperCase()}_NOT_FOUND`, `${entity} ${id} was not found`);
