import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// A token bucket per API key: `perMinute` requests in a burst, refilled evenly over a minute.
final class RateLimiter: Sendable {
    struct Decision {
        var allowed: Bool
        var remaining: Int
        /// Seconds until the bucket is full again (the header gives the Unix time of that moment).
        var reset: Int
        /// Seconds until the next request would be allowed.
        var retryAfter: Int
    }

    let perMinute: Int
    private let buckets = Mutex<[String: (tokens: Double, updated: Double)]>([:])

    init(perMinute: Int) {
        self.perMinute = perMinute
    }

    func take(_ key: String, now: Double = ProcessInfo.processInfo.systemUptime) -> Decision {
        let capacity = Double(perMinute)
        let refill = capacity / 60
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? (capacity, now)
            bucket.tokens = min(capacity, bucket.tokens + (now - bucket.updated) * refill)
            bucket.updated = now
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            buckets[key] = bucket
            return Decision(
                allowed: allowed, remaining: Int(bucket.tokens), reset: Int(((capacity - bucket.tokens) / refill).rounded(.up)),
                retryAfter: max(1, Int(((1 - bucket.tokens) / refill).rounded(.up))))
        }
    }
}

/// Answers 429 `RATE_LIMITED` past the key's limit, and tells every client where it stands.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard limiter.perMinute > 0, let key = context.keyID else { return try await next(request, context) }
        let decision = limiter.take(key)
        var headers = HTTPFields()
        headers[HTTPField.Name("X-RateLimit-Limit")!] = String(limiter.perMinute)
        headers[HTTPField.Name("X-RateLimit-Remaining")!] = String(decision.remaining)
        headers[HTTPField.Name("X-RateLimit-Reset")!] = String(Int(Date().timeIntervalSince1970) + decision.reset)
        guard decision.allowed else {
            var error = APIError(.tooManyRequests, "RATE_LIMITED", "more than \(limiter.perMinute) requests a minute with this key; retry in \(decision.retryAfter) s")
            headers[.retryAfter] = String(decision.retryAfter)
            error.headers = headers
            throw error
        }
        do {
            var response = try await next(request, context)
            response.headers.append(contentsOf: headers)
            return response
        } catch {
            guard var mapped = APIError(mapping: error) else { throw error }
            mapped.headers.append(contentsOf: headers)
            throw mapped
        }
    }
}
