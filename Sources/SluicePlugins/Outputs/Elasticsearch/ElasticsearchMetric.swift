/// The elasticsearch output's own metrics, served as `sluice_<name>` (one place that lists them, so
/// dashboards and alerts can be checked against it).
public enum ElasticsearchMetric: String, CaseIterable, Sendable {
    case bulkRequestsSuccesses = "elasticsearch_bulk_requests_successes_total"
    case bulkRequestsWithErrors = "elasticsearch_bulk_requests_with_errors_total"
    case bulkRequestsFailures = "elasticsearch_bulk_requests_failures_total"
    /// Labelled `code`.
    case bulkResponses = "elasticsearch_bulk_responses_total"
    /// A histogram (`_bucket`, `_sum`, `_count`).
    case bulkRequestDuration = "elasticsearch_bulk_request_duration_seconds"
    case documentsSuccesses = "elasticsearch_documents_successes_total"
    case documentsRetryableFailures = "elasticsearch_documents_retryable_failures_total"
    case documentsNonRetryableFailures = "elasticsearch_documents_non_retryable_failures_total"
    case documentsDeadLettered = "elasticsearch_documents_dlq_routed_total"
    case documentsDropped = "elasticsearch_documents_dropped_total"
    case hostMarkedDead = "elasticsearch_host_marked_dead_total"
    case compressionMicroseconds = "elasticsearch_compression_microseconds_total"
}
