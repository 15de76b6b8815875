import Foundation

/// Credits for a render: `ceil(duration × multiplier)`, the multiplier set by the output's short edge.
public enum Pricing {
    public static func multiplier(for size: FrameSize) -> Double {
        switch size.shortEdge {
        case ..<720: 0.5
        case ..<1080: 1.0
        case ..<1440: 1.5
        default: 2.0
        }
    }

    public static func credits(duration: Double, size: FrameSize) -> Int {
        Int((duration * multiplier(for: size) - 1e-9).rounded(.up))
    }
}
