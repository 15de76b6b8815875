import NIOCore
import NIOHTTPTypes

/// How long a connection may keep the server waiting on its client.
public struct ConnectionTimeouts: Sendable {
    /// A connection with no request under way: since it opened or since its last response ended.
    public var idle: TimeAmount
    /// From the first byte of a request to the end of its headers.
    public var header: TimeAmount
    /// From the end of a request's headers to the end of its body.
    public var body: TimeAmount
    /// Requests to these paths carry files of up to gigabytes: their body deadline moves on by a
    /// second for every `uploadRate` bytes that arrive, so a large file sent steadily is never cut
    /// off while a trickle still is.
    public var uploadPaths: [String] = ["/v1/uploads"]
    public var uploadRate = 64 * 1024

    public init(idle: TimeAmount, header: TimeAmount, body: TimeAmount) {
        self.idle = idle
        self.header = header
        self.body = body
    }
}

/// Closes a connection whose client is idle too long, sends its headers too slowly, or does not
/// finish its body in time, so that slow or silent clients cannot hold sockets and tasks for ever.
/// The time the server takes to answer is not limited here: event streams may last long.
final class ConnectionDeadlines: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum Phase {
        case idle, readingHead, readingBody, answering
    }

    private let timeouts: ConnectionTimeouts
    private var phase = Phase.idle
    /// Whether the request's body was read to its end, and whether its response was written to its end:
    /// a response may end first (a 413), and the rest of the body must still arrive in time.
    private var requestEnded = false
    private var responseEnded = false
    /// When the connection is closed unless its phase changes first; none while answering.
    private var deadline: NIODeadline?
    /// For an upload: the deadline its body had before any of it arrived, and how much has.
    private var upload: (deadline: NIODeadline, received: Int)?
    /// Checks the deadline a tenth of the shortest timeout apart: a phase change then only sets
    /// `deadline`, and a request costs a clock read here rather than scheduling and cancelling timers.
    private var watch: Scheduled<Void>?

    init(timeouts: ConnectionTimeouts) {
        self.timeouts = timeouts
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // The HTTP decoder says nothing until a whole head has arrived; a watcher in front of it
        // sees the first byte of a request, which starts the header deadline.
        try? context.pipeline.syncOperations.addHandler(FirstByteWatcher(owner: self, context: context), position: .first)
        if context.channel.isActive { enter(.idle, context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        watch?.cancel()
    }

    func channelActive(context: ChannelHandlerContext) {
        enter(.idle, context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        watch?.cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            requestEnded = false
            responseEnded = false
            enter(.readingBody, context: context)
            let path = head.path.map { $0.split(separator: "?", maxSplits: 1).first.map(String.init) ?? $0 }
            upload = path.flatMap { path in timeouts.uploadPaths.contains(path) ? (deadline!, 0) : nil }
        case .body(let buffer):
            if var upload, phase == .readingBody {
                upload.received += buffer.readableBytes
                self.upload = upload
                deadline = upload.deadline + .nanoseconds(Int64(Double(upload.received) / Double(timeouts.uploadRate) * 1e9))
            }
        case .end:
            requestEnded = true
            enter(responseEnded ? .idle : .answering, context: context)
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            responseEnded = true
            if requestEnded { enter(.idle, context: context) }
        }
        context.write(data, promise: promise)
    }

    fileprivate func bytesArrived(context: ChannelHandlerContext) {
        if phase == .idle { enter(.readingHead, context: context) }
    }

    private func enter(_ phase: Phase, context: ChannelHandlerContext) {
        self.phase = phase
        switch phase {
        case .idle: deadline = .now() + timeouts.idle
        case .readingHead: deadline = .now() + timeouts.header
        case .readingBody: deadline = .now() + timeouts.body
        case .answering: deadline = nil
        }
        if watch == nil {
            let shortest = min(timeouts.idle, timeouts.header, timeouts.body)
            keepWatch(every: max(.milliseconds(50), .nanoseconds(shortest.nanoseconds / 10)), context: context)
        }
    }

    private func keepWatch(every interval: TimeAmount, context: ChannelHandlerContext) {
        watch = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: interval) { [self] in
            if let deadline, deadline <= .now() {
                context.close(promise: nil)
            } else {
                keepWatch(every: interval, context: context)
            }
        }
    }
}

/// Tells ``ConnectionDeadlines`` when bytes arrive, before the HTTP decoder holds them back.
private final class FirstByteWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let owner: ConnectionDeadlines
    private let ownerContext: ChannelHandlerContext

    init(owner: ConnectionDeadlines, context: ChannelHandlerContext) {
        self.owner = owner
        ownerContext = context
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        owner.bytesArrived(context: ownerContext)
        context.fireChannelRead(data)
    }
}
