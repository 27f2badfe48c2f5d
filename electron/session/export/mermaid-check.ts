// Kept for the callers of the old path; the checker lives with the pipeline it checks.
export { checkMermaid } from '../../../shared/diagram/mermaid-check';
