import Foundation

/// What a new job needs besides its id and times.
public struct JobSubmission: Sendable {
    public var accountID: String
    /// The request body, JSON.
    public var request: String
    public var callback: String?
    public var metadata: String?
    public var credits: Int
    /// The client's `Idempotency-Key` and a hash of the body it came with.
    public var idempotency: (key: String, requestHash: String)?
    /// The account's uploads the request reads: each must still exist when the job is created,
    /// and none can be deleted while the job is queued or running.
    public var uploadIDs: Set<String>
    /// The template the request was made from, if any.
    public var templateID: String?
    /// The project the request was made from, its version and the render's content key. In the
    /// transaction that would create the job, the project must still exist and have no queued or
    /// running job, and its latest completed job, if its key is this one, is answered instead.
    public var project: (id: String, version: Int, contentKey: String)?
    /// The vendor-compatible API it came through, if any.
    public var compatSurface: String?

    public init(
        accountID: String, request: String, callback: String? = nil, metadata: String? = nil, credits: Int,
        idempotency: (key: String, requestHash: String)? = nil, uploadIDs: Set<String> = [], templateID: String? = nil,
        project: (id: String, version: Int, contentKey: String)? = nil, compatSurface: String? = nil
    ) {
        self.accountID = accountID
        self.request = request
        self.callback = callback
        self.metadata = metadata
        self.credits = credits
        self.idempotency = idempotency
        self.uploadIDs = uploadIDs
        self.templateID = templateID
        self.project = project
        self.compatSurface = compatSurface
    }
}

/// The job a submission created, the one an earlier submission with the same idempotency key
/// created, or its project's completed job with the same content key.
public struct Submitted: Sendable {
    public var job: Job
    public var replayed: Bool
    /// The project's latest completed job has the submission's content key: nothing was charged or queued.
    public var alreadyRendered = false

    public init(job: Job, replayed: Bool, alreadyRendered: Bool = false) {
        self.job = job
        self.replayed = replayed
        self.alreadyRendered = alreadyRendered
    }
}

/// What a finished render produced, for the job record.
public struct RenderOutcome: Sendable {
    public var duration: Double
    public var resolution: String?
    public var fps: Double?
    public var format: String
    public var fileSize: Int64
    public var outputPath: String
    public var posterPath: String?
    public var thumbnailPath: String?
    public var renderTime: Double

    public init(
        duration: Double, resolution: String?, fps: Double?, format: String, fileSize: Int64, outputPath: String,
        posterPath: String? = nil, thumbnailPath: String? = nil, renderTime: Double
    ) {
        self.duration = duration
        self.resolution = resolution
        self.fps = fps
        self.format = format
        self.fileSize = fileSize
        self.outputPath = outputPath
        self.posterPath = posterPath
        self.thumbnailPath = thumbnailPath
        self.renderTime = renderTime
    }
}

/// Whether a worker still holds a job it is rendering.
public enum LeaseState: Sendable, Equatable {
    case held
    /// The user canceled the job: stop rendering.
    case canceled
    /// Another worker took the job over (this one's lease lapsed) or it ended.
    case lost
}

/// The queue of render jobs: submission, the workers' claims under a lease, and the end of each job.
/// Every method that moves a running job checks the worker's lease, so a worker that lost its job
/// cannot overwrite what the new owner does.
public protocol JobQueue: Sendable {
    /// Creates the job and charges its credits in one transaction; an idempotency key seen
    /// in the last 24 h answers the job it created instead. A project render is refused with
    /// `projectNotFound` or `alreadyRendering`, or answered with the project's earlier job (see ``JobSubmission/project``).
    func submit(_ submission: JobSubmission, now: Date) async throws -> Submitted
    /// When the lane's next queued job becomes runnable or its next lease lapses, if any will.
    func nextDue(lane: Job.Lane) async throws -> Date?
    /// Takes the lane's oldest job that may run, or one whose worker's lease lapsed.
    func claim(lane: Job.Lane, worker: String, lease: TimeInterval, now: Date) async throws -> Job?
    func renew(jobID: String, worker: String, lease: TimeInterval, now: Date) async throws -> LeaseState
    /// Records the stage and progress; progress never goes down.
    func report(jobID: String, worker: String, stage: String, progress: Double) async throws
    func complete(jobID: String, worker: String, outcome: RenderOutcome, now: Date) async throws -> Job?
    /// Fails the job for good (refunding it) or, with `retryAt`, puts it back in the queue until then.
    func fail(jobID: String, worker: String, code: String, message: String, retryAt: Date?, now: Date) async throws -> Job?
    /// Gives a running job back to the queue, as a graceful shutdown does.
    func release(jobID: String, worker: String) async throws
    /// Cancels a queued or running job and refunds it.
    func cancel(id: String, accountID: String, now: Date) async throws -> Job
}

extension JobQueue {
    /// A full render's claim.
    public func claim(worker: String, lease: TimeInterval, now: Date) async throws -> Job? {
        try await claim(lane: .render, worker: worker, lease: lease, now: now)
    }
}
