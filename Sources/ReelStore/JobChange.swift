/// A job write as those waiting on the job see it: every write changes the job, a queued job is
/// work, a canceled one stops its render, and one that ended with a callback is a webhook to send.
public struct JobChange: Sendable, Equatable {
    public var jobID: String
    /// The job's status after the write.
    public var status: Job.Status
    public var hasCallback: Bool

    public init(jobID: String, status: Job.Status, hasCallback: Bool) {
        self.jobID = jobID
        self.status = status
        self.hasCallback = hasCallback
    }

    public init(_ job: Job) {
        self.init(jobID: job.id, status: job.status, hasCallback: job.callback != nil)
    }
}

/// What a store with several nodes tells each of them (``PostgresStore/notifications()``).
public enum StoreNotification: Sendable, Equatable {
    /// A job write committed by this node or another.
    case job(JobChange)
    /// The node is listening, again after a lost connection: writes made before were not heard, and may need a look.
    case listening
}
