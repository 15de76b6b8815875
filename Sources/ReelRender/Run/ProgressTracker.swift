import Foundation

/// The part of a render under way, in the order they happen.
public enum RenderStage: String, Sendable, CaseIterable {
    case fetching, rendering, encoding, saving

    /// The share of overall progress each stage covers.
    public var span: ClosedRange<Double> {
        switch self {
        case .fetching: 0...10
        case .rendering: 10...92
        case .encoding: 92...98
        case .saving: 98...100
        }
    }
}

public struct RenderProgress: Sendable, Equatable {
    public var stage: RenderStage
    /// 0–100 over the whole render; never goes backwards.
    public var percent: Double

    public init(stage: RenderStage, percent: Double) {
        self.stage = stage
        self.percent = percent
    }
}

/// Turns per-stage fractions into one overall percentage that only moves forward,
/// and reports each change once.
final class ProgressTracker: @unchecked Sendable {
    private let lock = NSLock()
    private var last = RenderProgress(stage: .fetching, percent: 0)
    private let report: @Sendable (RenderProgress) -> Void

    init(report: @escaping @Sendable (RenderProgress) -> Void) {
        self.report = report
    }

    func update(_ stage: RenderStage, fraction: Double) {
        let span = stage.span
        let clamped = min(max(fraction, 0), 1)
        let percent = (span.lowerBound + (span.upperBound - span.lowerBound) * clamped) * 10
        let next: RenderProgress? = lock.withLock {
            let rounded = percent.rounded(.down) / 10
            let stageIndex = RenderStage.allCases.firstIndex(of: stage)!
            let lastIndex = RenderStage.allCases.firstIndex(of: last.stage)!
            guard stageIndex > lastIndex || (stageIndex == lastIndex && rounded > last.percent) else { return nil }
            last = RenderProgress(stage: stage, percent: max(rounded, last.percent))
            return last
        }
        if let next { report(next) }
    }
}
