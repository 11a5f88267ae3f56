import type { DraftReplyDeps } from '../../use-cases/draft-reply.ts';
import type { DeskAiDeps } from '../../use-cases/run-desk-command.ts';
import type { Logger } from '../../logger.ts';
import type { ActDeps } from '../../use-cases/act-on-comment.ts';
import type { DigestDeps } from '../../use-cases/build-weekly-digest.ts';
import type { CrisisDeps } from '../../use-cases/crisis-deps.ts';
import type { DeskJobs } from '../../use-cases/run-desk-command.ts';
import type { MemberDeps } from '../../use-cases/resolve-member.ts';

/** What the console's actions and commands call the use cases with: the same deps the chat doors get. */
export type ConsoleUseCaseDeps = ActDeps & { jobs: DeskJobs; crisis: CrisisDeps; kpi: DigestDeps & MemberDeps; draft?: DraftReplyDeps; ai?: DeskAiDeps; log: Logger };
