/// Reads the properties a clip may animate: a number, or an array of Shotstack `Tween`s.
struct TweenParser {
    let request: RequestParser
    var log: IssueLog { request.log }

    /// The field as a number in `range`, or tweens whose `from` and `to` lie in it; nil when absent or invalid.
    func animated(_ reader: ObjectReader, _ key: String, in range: ClosedRange<Double>) -> Animated? {
        guard let value = reader.value(key) else { return nil }
        let path = reader.path(key)
        guard case .array = value else { return readNumber(value, at: path, in: range, log: log).map(Animated.fixed) }
        return reader.array(key, maxCount: request.limits.maxTweens).flatMap { tweens($0, at: path, in: range) }.map(Animated.tweens)
    }

    /// A clip's `offset`: each axis in frame widths or heights.
    func offset(_ reader: ObjectReader) -> (x: Animated, y: Animated) {
        let x = animated(reader, "x", in: -10...10) ?? .fixed(0)
        let y = animated(reader, "y", in: -10...10) ?? .fixed(0)
        reader.finish()
        return (x, y)
    }

    /// A clip's `transform: {rotate: {angle}, skew: {x, y}, flip: {horizontal, vertical}}`.
    func transform(_ reader: ObjectReader) -> ClipTransform {
        var transform = ClipTransform.identity
        if let rotate = reader.object("rotate") {
            transform.rotate = animated(rotate, "angle", in: -360...360) ?? .fixed(0)
            rotate.finish()
        }
        if let skew = reader.object("skew") {
            transform.skewX = animated(skew, "x", in: -100...100) ?? .fixed(0)
            transform.skewY = animated(skew, "y", in: -100...100) ?? .fixed(0)
            skew.finish()
        }
        if let flip = reader.object("flip") {
            transform.flipHorizontal = flip.bool("horizontal") ?? false
            transform.flipVertical = flip.bool("vertical") ?? false
            flip.finish()
        }
        reader.finish()
        return transform
    }

    /// Tweens in time order: each starts at or after the previous one's end, so that one holds at any time.
    private func tweens(_ items: [JSONValue], at path: String, in range: ClosedRange<Double>) -> [Tween]? {
        if items.isEmpty { log.invalid(path, "must have at least one tween") }
        var tweens: [Tween] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)[\(index)]"
            guard let tween = ObjectReader(item, at: itemPath, log: log).flatMap({ tween($0, in: range) }) else { continue }
            if let previous = tweens.last, tween.start < previous.end - 1e-9 {
                log.invalid(joinPath(itemPath, "start"), "must be at or after the previous tween's end (\(format(previous.end)) s): tweens are listed in time order and do not overlap")
            }
            tweens.append(tween)
        }
        return tweens.count == items.count && !items.isEmpty ? tweens : nil
    }

    private func tween(_ reader: ObjectReader, in range: ClosedRange<Double>) -> Tween? {
        let from = reader.required("from").flatMap { readNumber($0, at: reader.path("from"), in: range, log: log) }
        let to = reader.required("to").flatMap { readNumber($0, at: reader.path("to"), in: range, log: log) }
        let start = reader.number("start", in: 0...request.limits.maxDuration) ?? 0
        let length = reader.required("length").flatMap { readNumber($0, at: reader.path("length"), in: 0...request.limits.maxDuration, log: log) }
        if let length, length <= 0 { log.invalid(reader.path("length"), "must be greater than 0") }
        let easing = reader.choice("easing", as: Easing.self)
        // An easing alone asks for a curve; with `linear` it is ignored, as Shotstack does.
        let interpolation = reader.choice("interpolation", as: Interpolation.self) ?? (easing == nil ? .linear : .bezier)
        reader.finish()
        guard let from, let to, let length, length > 0 else { return nil }
        return Tween(from: from, to: to, start: start, length: length, interpolation: interpolation, easing: easing ?? .ease)
    }
}
