import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import ReelNetwork
import ReelRender
import ReelStore
import ServiceLifecycle
import Synchronization

/// Sends the outbox's terminal job events to their callbacks, signed as the README says, each in a
/// task of its own, at most `perDestination` at once to one receiver, so that slow receivers hold
/// up nothing but their own events. Every delivery, connection to last byte read, ends within
/// the webhook timeout, well inside the claim's hold: no event is ever sent twice at once.
struct WebhookDispatcher: Service {
    let store: any WebhookStore & JobReads & AccountStore & TemplateStore & ChunkStore
    let signals: JobSignals
    let settings: ServerSettings
    let signer: FileSigner
    let httpClient: PinnedHTTPClient
    /// The longest wait for an event between looks (``AppServices/safetyPoll``).
    let safetyPoll: Duration
    let logger: Logger
    private let concurrency = 64
    private let perDestination = 4
    /// The most of a receiver's answer that is read: only its status matters.
    static let maxAnswerBytes = 64 * 1024

    func run() async throws {
        let inFlight = InFlight()
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                while !Task.isCancelled {
                    let generation = signals.webhooks.generation(0)
                    let busy = inFlight.destinations.withLock { $0 }
                    let free = concurrency - busy.values.reduce(0, +)
                    let events =
                        free > 0
                        ? ((try? await store.claimWebhooks(
                            now: Date(), hold: settings.webhookTimeout + 30, limit: free, perDestination: perDestination, busy: busy)) ?? []) : []
                    for event in events {
                        inFlight.destinations.withLock { $0[event.destination, default: 0] += 1 }
                        group.addTask {
                            await deliver(event)
                            inFlight.destinations.withLock { counts in
                                counts[event.destination, default: 1] -= 1
                                if counts[event.destination] == 0 { counts[event.destination] = nil }
                            }
                            // A slot is free: look for more.
                            signals.webhooks.post(0)
                        }
                    }
                    guard events.isEmpty else { continue }
                    let poll = safetyPoll / .seconds(1)
                    let untilDue = (try? await store.nextWebhookDue()).flatMap { $0 }.map { $0.timeIntervalSinceNow } ?? poll
                    await signals.webhooks.wait(0, after: generation, timeout: .milliseconds(Int(min(max(untilDue, 0.01), poll) * 1000)))
                }
            }
        }
    }

    private func deliver(_ event: WebhookEvent) async {
        let attempt = event.attempts
        let started = ContinuousClock.now
        var statusCode: Int?
        var failure: String?
        var permanent = false
        do {
            guard let job = try await store.job(id: event.jobID), let account = try await store.account(id: event.accountID) else {
                throw DeliveryError("the job or its account no longer exists")
            }
            let pin: AddressPin?
            switch settings.addressPolicy.check(event.url) {
            case .refused(let refusal):
                permanent = true
                throw DeliveryError("the callback URL \(refusal)")
            case .allowed(let checked):
                pin = checked
            }
            let chunks = try await store.chunks(of: job)
            let body =
                try await CompatSurface.webhookBody(for: job, signer: signer, templates: store)
                ?? JSONBody.encoder.encode(WebhookPayload(id: event.id, type: event.type, createdAt: event.createdAt, data: JobResource(job, signer: signer, chunks: chunks)))
            let timestamp = Int(Date().timeIntervalSince1970)
            var request = HTTPClientRequest(url: event.url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "Reel-Webhooks")
            request.headers.add(name: "Reel-Event-Id", value: event.id)
            request.headers.add(name: "Reel-Signature", value: "t=\(timestamp),v1=\(Self.signature(body: body, timestamp: timestamp, secret: account.webhookSecret))")
            request.body = .bytes(ByteBuffer(bytes: body))
            statusCode = try await post(request, pinning: pin)
            if let code = statusCode, !(200..<300).contains(code) { failure = "the receiver answered HTTP \(code)" }
        } catch let error as DeliveryError {
            failure = error.message
        } catch {
            failure = "no answer: \(error)"
        }
        guard !Task.isCancelled else {
            // Shutting down: the delivery was cut short, not answered. Its claim lapses and it is sent again.
            logger.info("webhook attempt \(attempt) of \(event.id) was interrupted by shutdown; it will be sent again")
            return
        }
        let success = failure == nil
        let retryAt =
            success || permanent || attempt >= settings.webhookAttempts
            ? nil : Date().addingTimeInterval(settings.webhookBackoff * pow(2, Double(attempt - 1)) * Double.random(in: 0.75...1))
        let elapsed = ContinuousClock.now - started
        let delivery = WebhookDelivery(
            event: event, attempt: attempt, statusCode: statusCode, error: failure,
            durationMs: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15, success: success, createdAt: Date())
        do {
            try await store.recordAttempt(delivery, retryAt: retryAt)
        } catch {
            logger.error("could not log webhook attempt \(attempt) of \(event.id): \(error)")
        }
    }

    /// Sends `request` and reads the answer's status and at most `maxAnswerBytes` of its body, all
    /// within the webhook timeout: a receiver that trickles its answer is cut off like a silent one.
    private func post(_ request: HTTPClientRequest, pinning pin: AddressPin?) async throws -> Int {
        let timeout = settings.webhookTimeout
        let (result, expired) = await withDeadline(.milliseconds(Int64(timeout * 1000))) { () -> Result<Int, any Error> in
            do {
                return .success(
                    try await httpClient.withClient(pinning: pin) { http in
                        let response = try await http.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
                        var read = 0
                        for try await chunk in response.body {
                            read += chunk.readableBytes
                            if read >= Self.maxAnswerBytes { break }
                        }
                        return Int(response.status.code)
                    })
            } catch {
                return .failure(error)
            }
        }
        if case .failure = result, expired { throw DeliveryError("timed out: no complete answer within \(plainNumber(timeout)) s") }
        return try result.get()
    }

    /// HMAC-SHA256 of `"{t}.{body}"` with the account's webhook secret, in hex.
    static func signature(body: Data, timestamp: Int, secret: String) -> String {
        let message = Data("\(timestamp).".utf8) + body
        return Hex.string(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8))))
    }

    /// A client that neither follows redirects (each hop would need the address check again)
    /// nor retries: a failed attempt is the dispatcher's to retry.
    static let sharedClient: PinnedHTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout = .init(connect: .seconds(5))
        return PinnedHTTPClient(configuration: configuration)
    }()
}

/// Deliveries under way in this process, by destination.
private final class InFlight: Sendable {
    let destinations = Mutex<[String: Int]>([:])
}

private struct DeliveryError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// `{id, type, created_at, data}`: what a callback receives, unless its job came through a vendor-compatible API.
struct WebhookPayload: Encodable {
    var id: String
    var type: String
    var createdAt: Date
    var data: JobResource

    enum CodingKeys: String, CodingKey {
        case id, type, data
        case createdAt = "created_at"
    }
}
