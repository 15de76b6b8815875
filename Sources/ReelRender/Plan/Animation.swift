import Foundation
import ReelTimeline

/// Arithmetic shared by numbers and FFmpeg expressions, so that a moving clip's geometry is written once:
/// the planner sums it in numbers (a clip's bounds over its frames), FFmpeg evaluates it per frame.
protocol MotionNumber {
    init(_ value: Double)
    static func + (left: Self, right: Self) -> Self
    static func - (left: Self, right: Self) -> Self
    static func * (left: Self, right: Self) -> Self
    static func cosine(degrees: Self) -> Self
    static func sine(degrees: Self) -> Self
}

extension Double: MotionNumber {
    static func cosine(degrees: Double) -> Double { cos(degrees * .pi / 180) }
    static func sine(degrees: Double) -> Double { sin(degrees * .pi / 180) }
}

/// The text of an FFmpeg expression (libavutil's `av_expr`).
struct Expression: MotionNumber {
    var text: String

    init(_ text: String) { self.text = text }
    init(_ value: Double) { text = num(value) }

    static func + (left: Self, right: Self) -> Self { Self("(\(left.text)+\(right.text))") }
    static func - (left: Self, right: Self) -> Self { Self("(\(left.text)-\(right.text))") }
    static func * (left: Self, right: Self) -> Self { Self("(\(left.text)*\(right.text))") }
    static func cosine(degrees: Self) -> Self { Self("cos(\(degrees.text)*PI/180)") }
    static func sine(degrees: Self) -> Self { Self("sin(\(degrees.text)*PI/180)") }

    /// Variables 0–2 are the easing search's, 3 the clip's time while a property is worked out; the
    /// properties of one frame are kept from 4 on (see `MovingClip`).
    static let firstPropertySlot = 4

    /// The property's value on each frame, where `time` is the clip's own time in seconds. Written as a
    /// sum of one term per tween (its change so far) and per jump between tweens, since FFmpeg's
    /// expression parser refuses deeper nesting than a few dozen `if`s.
    static func value(of animated: Animated, time: String) -> Expression {
        guard let tweens = animated.tweenList else { return Expression(animated.value(at: 0)) }
        var terms = [num(tweens[0].from)]
        for (index, tween) in tweens.enumerated() {
            if index > 0, tween.from != tweens[index - 1].to {
                terms.append("\(num(tween.from - tweens[index - 1].to))*gte(ld(3),\(num(tween.start)))")
            }
            let progress = "clip((ld(3)-\(num(tween.start)))/\(num(tween.length)),0,1)"
            terms.append("\(num(tween.to - tween.from))*\(eased(progress, tween))")
        }
        return Expression("(st(3,\(time));\(terms.joined(separator: "+")))")
    }

    /// `Tween.eased` as an expression: a bezier curve's parameter is found by halving, as `CubicBezier.y(atX:)` does.
    private static func eased(_ progress: String, _ tween: Tween) -> String {
        switch tween.interpolation {
        case .linear: return progress
        case .constant: return "gte(\(progress),1)"
        case .bezier:
            let curve = tween.easing.curve
            let halving = "st(2,(ld(0)+ld(1))/2);if(lt(\(coordinate(curve.x1, curve.x2)),\(progress)),st(0,ld(2)),st(1,ld(2)))"
            let search = "st(0,0);st(1,1);while(gt(ld(1)-ld(0),\(num(CubicBezier.precision))),\(halving));st(2,(ld(0)+ld(1))/2)"
            return "if(lte(\(progress),0),0,if(gte(\(progress),1),1,(\(search);\(coordinate(curve.y1, curve.y2)))))"
        }
    }

    /// `CubicBezier.coordinate` at the parameter held in variable 2.
    private static func coordinate(_ first: Double, _ second: Double) -> String {
        "(3*(1-ld(2))*(1-ld(2))*ld(2)*\(num(first))+3*(1-ld(2))*ld(2)*ld(2)*\(num(second))+ld(2)*ld(2)*ld(2))"
    }
}

extension FrameRate {
    /// The clip's own time at frame `variable` of a stream that starts `phase` seconds into the clip:
    /// counted in whole frames, so that a chunk starting mid-clip draws the frames a single pass draws.
    func clipTime(frameVariable variable: String, phase: Double) -> String {
        "(\(variable)+\(num((phase * value).rounded())))*\(denominator)/\(numerator)"
    }
}
