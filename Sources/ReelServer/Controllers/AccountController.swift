import Foundation
import Hummingbird
import ReelStore

/// `/v1/account`, `/v1/credits`, `/v1/credits/ledger` and `/v1/webhooks/deliveries`.
struct AccountController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("account", use: account)
        group.get("credits", use: credits)
        group.get("credits/ledger", use: ledger)
        group.get("webhooks/deliveries", use: deliveries)
    }

    struct AccountResource: Encodable {
        var id: String
        var name: String
        var credits: Int
        var unlimited: Bool
        var webhookSecret: String
        var storageUsed: Int64
        var storageQuota: Int64

        enum CodingKeys: String, CodingKey {
            case id, name, credits, unlimited
            case webhookSecret = "webhook_secret"
            case storageUsed = "storage_used"
            case storageQuota = "storage_quota"
        }
    }

    struct Balance: Encodable {
        var credits: Int
        var unlimited: Bool
    }

    struct LedgerResource: Encodable {
        var id: String
        var jobID: String
        var kind: String
        var amount: Int
        var createdAt: Date

        enum CodingKeys: String, CodingKey {
            case id, kind, amount
            case jobID = "job_id"
            case createdAt = "created_at"
        }
    }

    @Sendable func account(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        return try JSONBody.response(
            AccountResource(
                id: account.id, name: account.name, credits: account.credits, unlimited: account.unlimited, webhookSecret: account.webhookSecret,
                storageUsed: account.storageUsed, storageQuota: account.storageQuota ?? services.settings.storageQuota))
    }

    @Sendable func credits(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        return try JSONBody.response(Balance(credits: account.credits, unlimited: account.unlimited))
    }

    @Sendable func ledger(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let pagination = try Pagination(request)
        var before: Int64?
        if let after = pagination.after {
            guard let id = Int64(after) else { throw APIError.invalidRequest("cursor: is not a cursor this API returned", path: "cursor") }
            before = id
        }
        let entries = try await services.store.ledger(accountID: account.id, before: before, limit: pagination.limit + 1)
        return try JSONBody.response(
            pagination.page(entries, key: { String($0.id ?? 0) }) { entry in
                LedgerResource(id: String(entry.id ?? 0), jobID: entry.jobID, kind: entry.kind.rawValue, amount: entry.amount, createdAt: entry.createdAt)
            })
    }

    @Sendable func deliveries(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let pagination = try Pagination(request)
        let jobID = request.uri.queryParameters["job_id"].map(String.init)
        let attempts = try await services.store.deliveries(accountID: account.id, jobID: jobID, before: pagination.after, limit: pagination.limit + 1)
        return try JSONBody.response(pagination.page(attempts, key: \.id) { DeliveryResource($0) })
    }

    struct DeliveryResource: Encodable {
        var delivery: WebhookDelivery

        init(_ delivery: WebhookDelivery) { self.delivery = delivery }

        enum CodingKeys: String, CodingKey {
            case id, type, url, attempt, error, success
            case eventID = "event_id"
            case jobID = "job_id"
            case statusCode = "status_code"
            case durationMs = "duration_ms"
            case createdAt = "created_at"
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(delivery.id, forKey: .id)
            try container.encode(delivery.eventID, forKey: .eventID)
            try container.encode(delivery.jobID, forKey: .jobID)
            try container.encode(delivery.type, forKey: .type)
            try container.encode(delivery.url, forKey: .url)
            try container.encode(delivery.attempt, forKey: .attempt)
            try container.encode(delivery.statusCode, forKey: .statusCode)
            try container.encode(delivery.error, forKey: .error)
            try container.encode((delivery.durationMs * 10).rounded() / 10, forKey: .durationMs)
            try container.encode(delivery.success, forKey: .success)
            try container.encode(delivery.createdAt, forKey: .createdAt)
        }
    }
}
