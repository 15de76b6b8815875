import Foundation
import Logging
import ReelRender
import ReelStorage
import ReelStore

/// What the routes and services of one process share.
struct AppServices: Sendable {
    let settings: ServerSettings
    let store: any Store
    /// The PostgreSQL store under `store` when nodes share one: its notifications wake this node.
    let shared: PostgresStore?
    /// Uploads and outputs.
    let storage: any FileStorage
    let renderer: Renderer
    let signals: JobSignals
    let signer: FileSigner
    let metrics: ServerMetrics
    /// Large request bodies are read two at a time, off the concurrency pool.
    let parsing = ParsingSlots(count: 2)
    let encodedJobs = EncodedJobs()
    /// Project renders just priced and keyed, by project, version and body: a client that asks again
    /// within a moment is answered without pricing and hashing anew. Small requests only, and few of
    /// them, so that it holds a few megabytes at most.
    let projectRenders = ExpiringCache<ProjectRenderPlan>(lifetime: .milliseconds(250), capacity: 256)
    let logger: Logger

    /// How often workers and the dispatcher look for work nobody announced: jobs whose retry or lease
    /// time came, and, on SQLite, jobs other processes wrote. With PostgreSQL every write is announced.
    var safetyPoll: Duration { shared == nil ? .seconds(1) : .seconds(30) }

    var uploads: UploadResolver { UploadResolver(store: store, storage: storage) }

    var quoting: Quoting { Quoting(settings: settings, renderer: renderer, parsing: parsing, uploads: uploads) }

    var contentKeys: ContentKeys { ContentKeys(uploads: store, renderer: renderer) }
}
