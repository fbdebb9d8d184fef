import * as v from 'valibot';
import { getOperator } from '../../../application/agents/get-operator.ts';
import { setAgentStatus } from '../../../application/agents/set-agent-status.ts';
import { AGENT_STATUSES } from '../../../domain/agent.ts';
import { authedProcedure, router } from '../init.ts';
import { toAgentView } from './agents.ts';

/** The built-in admin as `operator.me` shows it: no agent behind it, so no id, queues, status or capacity of its own. */
const BOOTSTRAP_ADMIN_VIEW: ReturnType<typeof toAgentView> = {
  id: null, name: 'Bootstrap admin', role: 'admin', status: 'offline', capacity: 0, queueIds: [], activeChats: 0,
  hasToken: true, statusChangedAt: null, createdAt: null,
};

/** The caller as an operator [OmnichannelOperatorService]: who it is, and its status. */
export const operatorRouter = router({
  me: authedProcedure.query(async ({ ctx }) => {
    const summary = await getOperator(ctx.services.deps, ctx.viewer);
    return summary ? toAgentView(summary) : BOOTSTRAP_ADMIN_VIEW;
  }),
  setStatus: authedProcedure.input(v.object({ status: v.picklist(AGENT_STATUSES, 'must be online, busy or offline') })).mutation(async ({ ctx, input }) =>
    toAgentView(await setAgentStatus(ctx.services.deps, ctx.viewer, input))),
});
