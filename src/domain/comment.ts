import type { CommentStatus, Priority } from './comment-lifecycle.ts';

/** A stored comment as the core sees it. */
export interface CommentRecord {
  id: string;
  source: string;
  externalId: string;
  text: string;
  authorName: string;
  authorId: string | null;
  permalink: string | null;
  postId: string | null;
  parentId: string | null;
  language: string | null;
  createdAt: Date;
  receivedAt: Date;
  editedAt: Date | null;
  teamId: string;
  priority: Priority;
  status: CommentStatus;
  holderId: string | null;
  claimedAt: Date | null;
  routedById: string | null;
  routedAt: Date | null;
  routedFrom: string | null;
  closedById: string | null;
  closedAt: Date | null;
  isDrill: boolean;
  version: number;
}

/** Where a comment's card lives in one chat channel. */
export interface CardRecord {
  id: string;
  commentId: string;
  platform: string;
  channel: string;
  teamId: string;
  messageId: string | null;
  active: boolean;
}
