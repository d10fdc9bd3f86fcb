/** The workflows the worker registers. */
export { jobWorkflow } from './job';
export { orderingWorkflow } from './ordering';
