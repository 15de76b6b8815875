import Foundation
import Prometheus
import ReelStore
import Synchronization

/// The Prometheus registry behind `GET /metrics`: queue depth and jobs by status
/// (read from the store when scraped), render seconds and HTTP latency.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private static let latencyBuckets: [Duration] = [.milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(500), .seconds(2), .seconds(10)]
    private static let renderBuckets: [Double] = [1, 2, 5, 10, 30, 60, 120, 300, 600]

    /// Every request records its latency: the histogram of each method, route and status is looked
    /// up in the registry once, not with its labels on every request.
    private let requestHistograms = Mutex<[String: DurationHistogram]>([:])

    func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        let key = "\(method) \(status) \(route)"
        let histogram = requestHistograms.withLock { histograms in
            if let histogram = histograms[key] { return histogram }
            let histogram = registry.makeDurationHistogram(
                descriptor: .init(namespace: "reel", metricName: "http_request_duration", unitName: "seconds", helpText: "HTTP request latency"),
                labels: [("method", method), ("route", route), ("status", String(status))], buckets: Self.latencyBuckets)
            histograms[key] = histogram
            return histogram
        }
        histogram.record(duration)
    }

    func recordRender(outcome: String, seconds: Double) {
        registry.makeValueHistogram(
            descriptor: .init(namespace: "reel", metricName: "render_duration", unitName: "seconds", helpText: "Wall time of finished renders"),
            labels: [("outcome", outcome)], buckets: Self.renderBuckets
        ).record(seconds)
    }

    /// The exposition text, with the job gauges refreshed from the store.
    func scrape(store: any JobReads) async throws -> String {
        let counts = try await store.jobCounts()
        for (status, count) in counts {
            registry.makeGauge(
                descriptor: .init(namespace: "reel", metricName: "jobs", unitName: "", helpText: "Jobs by status"), labels: [("status", status.rawValue)]
            ).set(Double(count))
        }
        registry.makeGauge(descriptor: .init(namespace: "reel", metricName: "queue_depth", unitName: "", helpText: "Jobs waiting for a worker"), labels: [])
            .set(Double(counts[.queued] ?? 0))
        return registry.emitToString()
    }
}
