import { compareStrings } from '../compare.ts';
import { NAMESPACES, NOTEBOOKS } from '../k8s/resources.ts';
import type { Subject, SubjectAccessReviewer } from '../k8s/subject-access-review.ts';

/** Reviews run in small batches: a cluster with hundreds of namespaces must not flood the API server. */
const REVIEW_BATCH = 16;

/**
 * Route 6. Someone who may list namespaces cluster-wide sees them all. Anyone else sees the
 * namespaces where they may list notebooks (one SubjectAccessReview each, cached by the reviewer),
 * which is what a profile owner or contributor needs from the namespace selector.
 */
export async function visibleNamespaces(
  all: readonly string[],
  subject: Subject | undefined,
  reviewer: SubjectAccessReviewer,
): Promise<string[]> {
  const names = [...all].sort(compareStrings);
  if (!subject) return names;
  const canListAll = await reviewer.allowed(subject, {
    verb: 'list',
    group: NAMESPACES.group,
    version: NAMESPACES.version,
    resource: NAMESPACES.resource,
  });
  if (canListAll) return names;
  const visible: string[] = [];
  for (let i = 0; i < names.length; i += REVIEW_BATCH) {
    const batch = names.slice(i, i + REVIEW_BATCH);
    const allowed = await Promise.all(
      batch.map((namespace) =>
        reviewer.allowed(subject, {
          namespace,
          verb: 'list',
          group: NOTEBOOKS.group,
          version: NOTEBOOKS.version,
          resource: NOTEBOOKS.resource,
        }),
      ),
    );
    batch.forEach((namespace, j) => {
      if (allowed[j]) visible.push(namespace);
    });
  }
  return visible;
}
