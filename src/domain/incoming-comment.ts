/**
 * What every source (generic webhook, Meta, later YouTube/X pollers) turns its payload into.
 * Sources parse and validate at the edge; inside, this type is trusted.
 */
/** A lowercase slug: facebook, instagram, youtube, x, linkedin, or any name a webhook sender uses. */
export type Source = string;

export type IncomingCommentChange =
  | { kind: 'upsert'; comment: IncomingComment } // new comment, or a re-delivery / edit of a known one
  | { kind: 'removed'; source: Source; externalId: string; at: Date; reason: 'removed' | 'hidden' };

export interface IncomingComment {
  source: Source;
  /** The network's id for the comment; unique per source. */
  externalId: string;
  text: string;
  authorName: string;
  authorId?: string;
  permalink?: string;
  /** The post (or video, tweet) the comment belongs to. */
  postId?: string;
  /** The comment this one answers, when it is a reply. */
  parentId?: string;
  /** When the network says the comment was written. */
  createdAt: Date;
  /** BCP-47-ish language code ("de", "en") when the source knows it. */
  language?: string;
  /** True when the network reports this delivery as an edit of an existing comment. */
  edited?: boolean;
}
