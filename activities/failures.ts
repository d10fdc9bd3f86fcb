import { ApplicationFailure } from '@temporalio/common';
import { DomainError } from '../core/errors';

/**
 * Runs an activity body and turns non-retryable domain errors into non-retryable failures, so
 * Temporal stops retrying what cannot succeed (a missing image, a missing home) and the workflow
 * can record why.
 */
export async function classifyFailures<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof DomainError && !error.retryable) {
      throw ApplicationFailure.nonRetryable(error.message, error.code);
    }
    throw error;
  }
}
