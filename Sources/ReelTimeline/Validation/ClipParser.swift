/// Reads one clip: its timing, layout, motion and asset.
struct ClipParser {
    let request: RequestParser
    var log: IssueLog { request.log }

    func clip(_ json: JSONValue, at path: String) -> Clip? {
        guard let reader = ObjectReader(json, at: path, log: log) else { return nil }
        let asset = reader.object("asset").flatMap { AssetParser(request: request).asset($0) }
        if !reader.has("asset") { log.invalid(reader.path("asset"), "is required") }
        let start = self.start(reader)
        let length = self.length(reader)
        let fit = reader.choice("fit", as: Fit.self) ?? .crop
        let position = reader.choice("position", as: Position.self) ?? .center
        let transition = reader.object("transition").map(transition) ?? .none
        let effect = reader.string("effect").flatMap { motion($0, at: reader.path("effect")) }
        let filter = reader.choice("filter", as: VisualFilter.self)
        let clipMotion = self.clipMotion(reader)
        let alias = self.alias(reader)
        reader.finish()
        guard let asset, let start, let length else { return nil }
        if !asset.isVisual, effect != nil || filter != nil || transition != .none {
            log.invalid(path, "an audio clip takes no effect, filter or transition")
        }
        if asset.isMatte {
            for key in ["fit", "scale", "position", "offset", "opacity", "transition", "effect", "filter"] where reader.has(key) {
                log.invalid(reader.path(key), "a luma matte is stretched over the clip it masks: it has no \(key) of its own")
            }
        }
        if case .shape = asset, reader.has("fit") {
            log.invalid(reader.path("fit"), "a shape is drawn at its own size in pixels: size it with its fields or 'scale'")
        }
        return Clip(
            asset: asset, start: start, length: length, fit: fit, scale: clipMotion.scale.value(at: 0), position: position,
            offset: Offset(x: clipMotion.offsetX.value(at: 0), y: clipMotion.offsetY.value(at: 0)),
            opacity: clipMotion.opacity.value(at: 0), transition: transition, effect: effect, filter: filter,
            motion: checked(clipMotion, of: asset, at: path), alias: alias)
    }

    /// `scale`, `offset`, `opacity` and `transform`, each maybe tweened.
    private func clipMotion(_ reader: ObjectReader) -> ClipMotion {
        let tweens = TweenParser(request: request)
        let offset = reader.object("offset").map(tweens.offset) ?? (.fixed(0), .fixed(0))
        return ClipMotion(
            opacity: tweens.animated(reader, "opacity", in: 0...1) ?? .fixed(1),
            scale: tweens.animated(reader, "scale", in: 0.01...10) ?? .fixed(1),
            offsetX: offset.x, offsetY: offset.y,
            transform: reader.object("transform").map(tweens.transform) ?? .identity)
    }

    /// The clip's motion when it has tweens or a transform, nil when its static fields say everything;
    /// refuses what its asset cannot draw.
    private func checked(_ motion: ClipMotion, of asset: Asset, at path: String) -> ClipMotion? {
        guard motion.changesOverTime || motion.transform != .identity else { return nil }
        switch asset {
        case .audio:
            log.invalid(path, "an audio clip takes no opacity, scale, offset or transform")
        case .text:
            if motion.scale.isAnimated { log.unsupported(joinPath(path, "scale"), "a text clip's scale cannot be tweened; set the font size") }
            if motion.transform != .identity { log.unsupported(joinPath(path, "transform"), "a text clip cannot be transformed") }
        case .caption:
            log.unsupported(path, "a caption clip cannot be tweened or transformed")
        default:
            break
        }
        return motion
    }

    private func start(_ reader: ObjectReader) -> ClipStart? {
        switch reader.value("start") {
        case nil: .auto
        case .string("auto"): .auto
        case .string(let text) where text.hasPrefix(Self.aliasScheme):
            reference(text, at: reader.path("start")).map(ClipStart.alias)
        case let value?:
            readNumber(value, at: reader.path("start"), in: 0...request.limits.maxDuration, log: log).map(ClipStart.at)
        }
    }

    private func length(_ reader: ObjectReader) -> ClipLength? {
        switch reader.value("length") {
        case nil, .string("auto"): return .auto
        case .string("end"): return .end
        case .string(let text) where text.hasPrefix(Self.aliasScheme):
            return reference(text, at: reader.path("length")).map(ClipLength.alias)
        case .number(let seconds) where seconds <= 0:
            log.invalid(reader.path("length"), "must be greater than 0")
            return nil
        case let value?:
            guard case .number = value else {
                log.invalid(reader.path("length"), "must be a number of seconds, 'auto', 'end' or 'alias://' and a clip's alias")
                return nil
            }
            return readNumber(value, at: reader.path("length"), in: 0...request.limits.maxDuration, log: log)
                .map(ClipLength.seconds)
        }
    }

    private func transition(_ reader: ObjectReader) -> Transition {
        let `in` = reader.string("in").flatMap { transitionStyle($0, at: reader.path("in")) }
        let out = reader.string("out").flatMap { transitionStyle($0, at: reader.path("out")) }
        reader.finish()
        return Transition(in: `in`, out: out)
    }

    private func transitionStyle(_ name: String, at path: String) -> TransitionStyle? {
        for speed in [Speed.slow, .fast, .normal] where name.hasSuffix(speed.rawValue) {
            let base = String(name.dropLast(speed.rawValue.count))
            if let kind = TransitionKind(rawValue: base), speed == .normal || kind.hasSpeeds {
                return TransitionStyle(kind: kind, speed: speed)
            }
        }
        let names = TransitionKind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        log.invalid(path, "must be one of \(names), each but 'zoom' also with a 'Slow' or 'Fast' suffix")
        return nil
    }

    private func motion(_ name: String, at path: String) -> MotionEffect? {
        for speed in [Speed.slow, .fast, .normal] where name.hasSuffix(speed.rawValue) {
            if let kind = MotionKind(rawValue: String(name.dropLast(speed.rawValue.count))) {
                return MotionEffect(kind: kind, speed: speed)
            }
        }
        let names = MotionKind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        log.invalid(path, "must be one of \(names), each also with a 'Slow' or 'Fast' suffix")
        return nil
    }
}
